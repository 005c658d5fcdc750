using System.Diagnostics;
using S3Consumer.Core.Batches;

namespace S3Consumer.Worker.Batches;

/// <summary>A batch to write, with what each of its messages waits on and the trace each came with, in the batch's order.</summary>
internal sealed record ClosedBatch(MessageBatch Batch, IReadOnlyList<BatchEntry> Entries);

/// <summary>One message waiting for its batch: its consumer awaits <see cref="Done"/>; the batch's span links <see cref="Trace"/>.</summary>
internal sealed record BatchEntry(TaskCompletionSource<BatchOutcome> Done, ActivityContext Trace);
