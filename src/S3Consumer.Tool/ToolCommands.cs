using System.CommandLine;
using S3Consumer.Tool.Check;
using S3Consumer.Tool.Configuration;
using S3Consumer.Tool.Ddl;
using S3Consumer.Tool.Errors;
using S3Consumer.Tool.Publish;
using S3Consumer.Tool.Render;

namespace S3Consumer.Tool;

/// <summary><c>s3consumer publish|render|check|errors</c>, all over the worker's own configuration.</summary>
public static class ToolCommands
{
    /// <summary>Exit code of a command that could not start: bad configuration or arguments.</summary>
    public const int ConfigurationError = 2;

    public static RootCommand Create(ToolConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var settings = new SettingsOptions();
        var root = new RootCommand("S3Consumer's operator tool: publish test messages, render object keys, check destinations, redrive error queues.")
        {
            PublishCommand.Create(settings, console),
            RenderCommand.Create(settings, console),
            CheckCommand.Create(settings, console),
            ErrorsCommand.Create(settings, console),
            DdlCommand.Create(settings, console),
        };
        settings.AddTo(root);
        return root;
    }
}
