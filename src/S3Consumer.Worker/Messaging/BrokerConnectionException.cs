namespace S3Consumer.Worker.Messaging;

/// <summary>The broker's TLS set-up can never work as configured (wrong CA, expired certificate, wrong name, no client certificate).</summary>
public sealed class BrokerConnectionException(string message) : Exception(message);
