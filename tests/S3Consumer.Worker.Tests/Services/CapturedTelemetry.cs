using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>Every log line (with its exception) and every span (with its tags and events) the process produces.</summary>
internal sealed class CapturedTelemetry : ILoggerProvider
{
    private readonly ActivityListener listener;

    public CapturedTelemetry()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Lines.Enqueue(
                $"span {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))} " +
                string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}.{tag.Key}={tag.Value}")))),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose() => listener.Dispose();

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {state} {exception}");
    }
}
