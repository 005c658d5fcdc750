using System.Text.Json;
using S3Consumer.Contracts;

namespace Net8Reference;

/// <summary>What a .NET 8 publisher writes with the contracts: a read-action message as raw JSON.</summary>
public static class Net8Publisher
{
    public static byte[] Body(string destination, string objectName) =>
        JsonSerializer.SerializeToUtf8Bytes(new ReadActionMessage
        {
            Destination = destination,
            Data = new ReadActionData { Action = "read", ObjectName = objectName, OperationTime = "2025-10-14T02:58:59.323405308Z" },
        });
}
