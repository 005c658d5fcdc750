using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Batches;

/// <summary>Checks the <c>Batches</c> options at start, each refusal naming its key.</summary>
internal sealed class BatchesOptionsValidator : IValidateOptions<BatchesOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ValidationResults.Of(Ranges.Outside("Batches:MaxBufferedBytes", options.MaxBufferedBytes, 1L << 20, 1L << 40,
            "1 MiB to 1 TiB: what the open batches of every batched destination hold in memory together"));
    }
}
