namespace S3Consumer.Worker.Messaging;

/// <summary>
/// <c>RabbitMq:ClusterNodes</c>: comma-separated <c>host:port</c> (or <c>host</c>, on the broker's port) of the other
/// nodes of a cluster. MassTransit connects to one node at a time and moves to the next on every reconnect.
/// </summary>
internal static class ClusterNodeList
{
    public const string Problem =
        "RabbitMq:ClusterNodes must be comma-separated host:port entries (e.g. rabbit-2:5672,rabbit-3:5672), each with a port between 1 and 65535.";

    public static IReadOnlyList<string> Parse(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static bool IsValid(string? value) => Parse(value).All(IsNode);

    /// <summary>Every node to try, the configured host first: MassTransit uses only the cluster's list once it has one.</summary>
    public static IReadOnlyList<string> WithHost(string host, ushort port, string? others) => [$"{host}:{port}", .. Parse(others)];

    private static bool IsNode(string node) => node.Split(':') switch
    {
        [var host] => host.Length > 0,
        [var host, var port] => host.Length > 0 && ushort.TryParse(port, out var number) && number > 0,
        _ => false,
    };
}
