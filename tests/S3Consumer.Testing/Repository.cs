namespace S3Consumer.Testing;

/// <summary>The checkout the tests were built in: its README, sources and scripts.</summary>
public static class Repository
{
    /// <summary>The directory of <c>S3Consumer.sln</c> above the running tests.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "S3Consumer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No S3Consumer.sln above {AppContext.BaseDirectory}: the tests run from a checkout of the repository.");
    }
}
