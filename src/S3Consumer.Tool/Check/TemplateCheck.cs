using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Tool.Messages;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Check;

/// <summary>
/// What <c>check</c> says of a one-object destination's key template: <see cref="TemplateWarning"/>, and the worker's
/// reason where the template gives no key for Ampersand's example read or subscribe message (contracts/examples), sent
/// with the headers Ampersand sends.
/// </summary>
internal static class TemplateCheck
{
    private static readonly (string Action, string File, byte[] Body)[] Examples =
        [("read", "webhook-read.json", Example("webhook-read.json")), ("subscribe", "webhook-subscribe.json", Example("webhook-subscribe.json"))];

    public static IReadOnlyList<string> Findings(Destination destination, QueueOptions queues)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var findings = new List<string>();
        if (TemplateWarning.Of(destination) is { } warning)
        {
            findings.Add($"object key template {destination.KeyTemplate.Text} {warning}");
        }

        if (destination.Options.Batch.Enabled)
        {
            return findings;
        }

        foreach (var (action, file, body) in Examples)
        {
            // That every subscribe message fails is the warning's to say.
            if (action == "subscribe" && destination.KeyTemplate.Reads("metadata", "operationId"))
            {
                continue;
            }

            try
            {
                var (message, read) = DeliveredMessage.From(body, AmpersandHeaders(action), queues);
                _ = ObjectWriteBuilder.Build(message, read, destination);
            }
            catch (UndeliverableMessageException error)
            {
                findings.Add($"Ampersand's example {action} message (contracts/examples/{file}) gets no key: {error.Message}");
            }
        }

        return findings;
    }

    // The headers Ampersand's RabbitMQ destination sends with a message; operationId only with a read.
    private static Dictionary<string, string> AmpersandHeaders(string action)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["event-id"] = "0199e0a8-149d-7ee9-9f50-0514403517f9",
            ["topic"] = action,
            ["timestamp"] = "2025-10-14T02:59:01Z",
            ["connectionId"] = "7c2a9d4e-3f1b-4e8a-9c6d-2b5f8e1a4d37",
        };
        if (action == "read")
        {
            headers["operationId"] = "0199e0a8-149d-7ee9-9f50-0514403517f9";
        }

        return headers;
    }

    private static byte[] Example(string file)
    {
        using var stream = typeof(TemplateCheck).Assembly.GetManifestResourceStream($"examples/{file}")
            ?? throw new InvalidOperationException($"The tool is built without examples/{file}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
