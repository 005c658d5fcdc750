using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Testing;

/// <summary>Every line logged through <see cref="ILogger{TCategoryName}"/>, as its level and formatted message.</summary>
public sealed class RecordedLog
{
    public ConcurrentQueue<string> Lines { get; } = new();
}
