using Amazon.S3;

namespace S3Consumer.Core.Destinations;

/// <summary>The storage classes a destination may name, as S3 and the AWS SDK spell them.</summary>
public static class StorageClasses
{
    private static readonly Dictionary<string, S3StorageClass> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["STANDARD"] = S3StorageClass.Standard,
        ["STANDARD_IA"] = S3StorageClass.StandardInfrequentAccess,
        ["ONEZONE_IA"] = S3StorageClass.OneZoneInfrequentAccess,
        ["INTELLIGENT_TIERING"] = S3StorageClass.IntelligentTiering,
        ["GLACIER"] = S3StorageClass.Glacier,
        ["GLACIER_IR"] = S3StorageClass.GlacierInstantRetrieval,
        ["DEEP_ARCHIVE"] = S3StorageClass.DeepArchive,
    };

    public static string ValidNames => string.Join(", ", ByName.Keys);

    public static bool TryParse(string? name, out S3StorageClass storageClass) =>
        ByName.TryGetValue(name ?? "", out storageClass!);
}
