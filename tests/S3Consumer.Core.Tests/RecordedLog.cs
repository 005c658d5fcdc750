using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Core.Tests;

/// <summary>Every line logged through <see cref="ILogger{TCategoryName}"/>, as its level and formatted message.</summary>
internal sealed class RecordedLog
{
    public ConcurrentQueue<string> Lines { get; } = new();
}

internal sealed class RecordedLogger<T>(RecordedLog log) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        log.Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
