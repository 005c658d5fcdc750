namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// A fresh bucket on the local s3rver, removed with its objects afterwards. Objects are counted, and the time each
/// was written is read, in s3rver's data directory rather than with ListObjectsV2 (which takes s3rver seconds on a
/// big bucket): s3rver writes <c>KEY._S3rver_metadata.json</c> last for each object, just before it answers the PUT.
/// </summary>
internal sealed class S3rverBucket : IObjectSink, IAsyncDisposable
{
    private const string Written = "._S3rver_metadata.json";
    private readonly S3Bucket bucket;
    private readonly string directory;

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

    public static async Task<S3rverBucket> CreateAsync(LocalServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new S3rverBucket(services, await S3Bucket.CreateAsync(services.S3Url, "bench"));
    }

    public int Count() => Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + Written).Count() : 0;

    public DateTime LastWrittenAt() => new DirectoryInfo(directory).EnumerateFiles("*" + Written).Max(file => file.LastWriteTimeUtc);

    /// <summary>When s3rver finished writing the object, to the file system's timestamp resolution (a few milliseconds).</summary>
    public DateTime WrittenAt(string key) => File.GetLastWriteTimeUtc(Path.Combine(directory, key + Written));

    public long ObjectLength(string key) => new FileInfo(Path.Combine(directory, key + "._S3rver_object")).Length;

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
