namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Where the worker writes in a run: the local s3rver (B2, B4) or the blackhole (B3, B4), with a way to tell when it is done.</summary>
internal interface IObjectSink
{
    /// <summary>The endpoint the worker's destination points at.</summary>
    Uri Url { get; }

    string Bucket { get; }

    /// <summary>The process that serves the endpoint, for CPU time: its name in the report and its pid.</summary>
    (string Name, int Pid) Process { get; }

    /// <summary>How often to count: counting may cost a directory listing.</summary>
    TimeSpan CountInterval { get; }

    /// <summary>What has been written so far.</summary>
    Written Written();

    /// <summary>When the last object was written.</summary>
    DateTime LastWrittenAt();
}
