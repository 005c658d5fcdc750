namespace S3Consumer.Worker.Tests.Deploy;

/// <summary>The worker's image runs as a non-root user (read from the Dockerfile: there is no Docker engine here).</summary>
public sealed class DockerfileTests
{
    [Fact]
    public void Final_stage_runs_as_a_non_root_user()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "deploy", "Dockerfile")).Select(line => line.Trim()).ToList();
        var finalStage = lines.Skip(lines.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))).ToList();
        var user = finalStage.LastOrDefault(line => line.StartsWith("USER ", StringComparison.OrdinalIgnoreCase))?[5..].Trim();

        Assert.NotNull(user);
        Assert.False(user.Split(':')[0] is "root" or "0", $"The image runs as {user}.");

        // $APP_UID is the .NET images' `app` user (1654), which deploy/deployment.yaml runs as.
        Assert.Equal("$APP_UID", user);
    }
}
