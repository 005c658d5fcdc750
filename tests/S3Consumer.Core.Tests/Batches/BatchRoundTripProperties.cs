using System.Text.Json;
using CsCheck;
using S3Consumer.Core.Batches;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchRoundTripProperties
{
    // Payloads as publishers send them: any text (escapes, non-ASCII, surrogates), numbers, nesting.
    private static readonly Gen<byte[]> Payload = Gen.Select(Gen.String, Gen.Long, Gen.Bool, (text, number, nested) =>
        JsonSerializer.SerializeToUtf8Bytes(nested
            ? new Dictionary<string, object> { ["action"] = "read", ["fields"] = new { text, number } }
            : new Dictionary<string, object> { ["text"] = text, ["n"] = number }));

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void Any_messages_decompress_into_their_single_object_bodies_in_order(string compression)
    {
        var destination = Batched.Lake(("Batch:Compression", compression), ("Batch:MaxMessages", "100000"));

        Payload.List[1, 30].Sample(payloads =>
        {
            using var batchObject = Batched.Close(destination, [.. payloads.Select((payload, number) => Batched.Message(payload, Batched.Metadata(number)))]).Write();

            Assert.Equal(payloads.Select(Batched.SingleObjectBody), Batched.Lines(batchObject));
        }, iter: 50);
    }
}
