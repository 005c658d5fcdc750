using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit.Logging;
using Microsoft.Extensions.Logging;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Every log line (with its exception) of the hosts that log to it, and every span (with its tags and events) of the
/// sources the worker exports: in <see cref="Lines"/> also the spans of workers of other tests running at the same time;
/// <see cref="Logs"/> has the log lines alone.
/// </summary>
internal sealed class CapturedTelemetry : ILoggerProvider
{
    private readonly ActivityListener listener;

    public CapturedTelemetry()
    {
        listener = new ActivityListener
        {
            // The sources the worker exports (TelemetryRegistration): another one listened to here would start spans
            // where nothing else does, such as RabbitMQ.Client's trace headers on what other tests of this process publish.
            ShouldListenTo = source => source.Name is WorkerTelemetry.Name or DiagnosticHeaders.DefaultListenerName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Lines.Enqueue(
                $"span {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))} " +
                string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}.{tag.Key}={tag.Value}")))),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<string> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() => listener.Dispose();

    private void Add(string line)
    {
        Logs.Enqueue(line);
        Lines.Enqueue(line);
    }

    private sealed class Logger(string category, CapturedTelemetry captured) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            captured.Add($"scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            captured.Add($"{logLevel} {category} {formatter(state, exception)} {state} {exception}");
    }
}
