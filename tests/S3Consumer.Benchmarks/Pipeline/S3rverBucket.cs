using System.Text.Json;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// A fresh bucket on the local s3rver, removed with its objects afterwards. Objects are counted, and the time the last
/// was written is read, in s3rver's data directory rather than with ListObjectsV2 (which takes s3rver seconds on a
/// big bucket): s3rver writes <c>KEY._S3rver_metadata.json</c> last for each object, just before it answers the PUT.
/// That file holds the object's user metadata (a batch's <c>batch-count</c>) and is read once per object; the
/// object's bytes as stored are the length of <c>KEY._S3rver_object</c>.
/// </summary>
internal sealed class S3rverBucket : IObjectSink, IAsyncDisposable
{
    private const string MetadataFile = "._S3rver_metadata.json";
    private const string ObjectFile = "._S3rver_object";
    private readonly S3Bucket bucket;
    private readonly string directory;
    private readonly HashSet<string> counted = [];
    private readonly Lock gate = new();
    private Written written;

    private S3rverBucket(LocalServices services, S3Bucket bucket)
    {
        this.bucket = bucket;
        Url = services.S3Url;
        Process = ("s3rver", services.S3Pid());
        directory = Path.Combine(services.S3DataDirectory, bucket.Name);
    }

    public Uri Url { get; }

    public string Bucket => bucket.Name;

    public (string Name, int Pid) Process { get; }

    public TimeSpan CountInterval => TimeSpan.FromMilliseconds(250);

    public static async Task<S3rverBucket> CreateAsync(LocalServices services, string prefix = "bench")
    {
        ArgumentNullException.ThrowIfNull(services);
        return new S3rverBucket(services, await S3Bucket.CreateAsync(services.S3Url, prefix));
    }

    /// <summary>Counts the objects whose metadata file is new since the last call, and adds them to what was counted before.</summary>
    public Written Written()
    {
        lock (gate)
        {
            foreach (var file in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + MetadataFile) : [])
            {
                if (!counted.Contains(file) && TryReadObject(file, out var batchCount, out var length))
                {
                    counted.Add(file);
                    written = written.Add(Pipeline.Written.MessagesIn(batchCount), length);
                }
            }

            return written;
        }
    }

    public DateTime LastWrittenAt() => new DirectoryInfo(directory).EnumerateFiles("*" + MetadataFile).Max(file => file.LastWriteTimeUtc);

    public long ObjectLength(string key) => new FileInfo(Path.Combine(directory, key + ObjectFile)).Length;

    /// <summary>
    /// Every object written in full (its metadata file is there), keys with <c>/</c> included, which s3rver keeps in
    /// subdirectories: its key, the file of its bytes, and when s3rver finished writing it.
    /// </summary>
    public IEnumerable<S3rverObject> Objects() =>
        from metadata in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + MetadataFile, SearchOption.AllDirectories) : []
        let key = Path.GetRelativePath(directory, metadata)[..^MetadataFile.Length].Replace(Path.DirectorySeparatorChar, '/')
        let file = Path.Combine(directory, key + ObjectFile)
        where File.Exists(file)
        select new S3rverObject(key, file, File.GetLastWriteTimeUtc(metadata));

    /// <summary>
    /// Reads the <c>batch-count</c> of an object's metadata file (null when it has none) and the length of its object
    /// file; false while either is missing or still being written (a run once found an object file missing beside its
    /// metadata), to be read again at the next count.
    /// </summary>
    private bool TryReadObject(string metadataFile, out string? batchCount, out long length)
    {
        try
        {
            using var metadata = JsonDocument.Parse(File.ReadAllBytes(metadataFile));
            batchCount = metadata.RootElement.TryGetProperty(Pipeline.Written.BatchCountHeader, out var count) ? count.GetString() : null;
            length = ObjectLength(Path.GetFileName(metadataFile)[..^MetadataFile.Length]);
            return true;
        }
        catch (Exception error) when (error is JsonException or FileNotFoundException)
        {
            (batchCount, length) = (null, 0);
            return false;
        }
    }

    /// <summary>
    /// Removes the objects' files, which s3rver keeps no other record of (far quicker than deleting a big bucket's
    /// objects over S3), then the empty bucket over S3.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var entry in Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFileSystemInfos() : [])
        {
            if (entry is DirectoryInfo subdirectory)
            {
                subdirectory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        await bucket.DisposeAsync();
    }
}
