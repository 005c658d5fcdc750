using System.Reflection;
using Amazon.S3;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>The core names storage classes as S3 spells them; the worker hands them to the SDK, which must know each.</summary>
public sealed class StorageClassMappingTests
{
    [Fact]
    public void Every_storage_class_a_destination_may_name_is_one_the_sdk_defines()
    {
        var defined = typeof(S3StorageClass).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetValue(null)).OfType<S3StorageClass>().Select(storageClass => storageClass.Value).ToHashSet();

        Assert.All(StorageClasses.ValidNames.Split(", "), name => Assert.Contains(S3StorageClass.FindValue(name).Value, defined));
    }
}
