using Microsoft.Extensions.Logging;

namespace S3Consumer.Testing;

/// <summary>An <see cref="ILogger{TCategoryName}"/> that writes into the <see cref="RecordedLog"/>.</summary>
public sealed class RecordedLogger<T>(RecordedLog log) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        log.Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
