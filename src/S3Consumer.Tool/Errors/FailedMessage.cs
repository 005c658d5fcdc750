using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Tool.Errors;

/// <summary>A message in an error queue, with the reason the worker gave when it put it there.</summary>
public sealed record FailedMessage(int Position, string Reason, string? Destination, string? MessageId, int Bytes, string? FailedAt)
{
    public static FailedMessage From(int position, BasicGetResult message) => new(
        position,
        Header(message, "MT-Fault-Message") ?? "(no reason recorded)",
        Header(message, "destination"),
        message.BasicProperties.MessageId,
        message.Body.Length,
        Header(message, "MT-Fault-Timestamp"));

    public bool ReasonContains(string? text) => string.IsNullOrEmpty(text) || Reason.Contains(text, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        $"#{Position}  {Reason}{Environment.NewLine}     destination: {Destination ?? "-"}  message id: {MessageId ?? "-"}  bytes: {Bytes:N0}  failed at: {FailedAt ?? "-"}";

    private static string? Header(BasicGetResult message, string name) =>
        (message.BasicProperties.Headers?.TryGetValue(name, out var raw) == true ? raw : null) switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            var value => value.ToString(),
        };
}
