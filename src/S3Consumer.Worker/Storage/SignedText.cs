namespace S3Consumer.Worker.Storage;

/// <summary>The canonical request of a PUT and the string its signature signs, as the worker computed them.</summary>
internal sealed record SignedText(string CanonicalRequest, string StringToSign);
