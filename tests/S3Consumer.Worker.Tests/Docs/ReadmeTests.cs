namespace S3Consumer.Worker.Tests.Docs;

/// <summary>README.md's "Layout" and "One message, from delivery to acknowledgement" name only files and folders that exist.</summary>
public sealed class ReadmeTests
{
    private static readonly string[] Sources = [.. new[] { "src", "tests", "contracts" }
        .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*", SearchOption.AllDirectories))
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                       && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(file => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'))];

    [Fact]
    public void The_path_of_one_message_names_files_that_exist()
    {
        // A path from src/ (S3Consumer.Worker/Delivery/ObjectDelivery.cs), or its end (Delivery/DeliverySlots.cs, HeaderText.cs).
        var named = Readme.Section("### One message, from delivery to acknowledgement")
            .SelectMany(Readme.Quoted)
            .Where(code => code.EndsWith(".cs", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        var missing = named.Where(path => !Sources.Any(file => file == $"src/{path}" || file == path || file.EndsWith($"/{path}", StringComparison.Ordinal))).ToList();

        Assert.NotEmpty(named);
        Assert.Empty(missing);
    }

    [Fact]
    public void The_layout_names_folders_and_files_that_exist()
    {
        var missing = new List<string>();
        foreach (var cells in Readme.Rows(Readme.Section("## Layout"), "| folder |"))
        {
            var folder = Readme.Quoted(cells[0]).Single().TrimEnd('/');
            var root = Path.Combine(Repository.Root, folder);
            if (!Directory.Exists(root) && !File.Exists(root))
            {
                missing.Add(folder);
                continue;
            }

            // Within a folder's row: its subfolders (Messages/) and files (run.sh, Program.cs), found anywhere below it,
            // or a path from the repository's root (docker-compose.yml, scripts/run.sh).
            var below = Directory.Exists(root) ? Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories) : [];
            foreach (var part in Readme.Quoted(cells[1]).Where(code => !code.Contains(' ', StringComparison.Ordinal) && (code.EndsWith('/') || Path.HasExtension(code))))
            {
                var name = "/" + part.TrimEnd('/');
                if (!Path.Exists(Path.Combine(Repository.Root, part))
                    && !below.Any(entry => entry.EndsWith(name, StringComparison.Ordinal) && (!part.EndsWith('/') || Directory.Exists(entry))))
                {
                    missing.Add($"{folder}: {part}");
                }
            }
        }

        Assert.Empty(missing);
    }
}
