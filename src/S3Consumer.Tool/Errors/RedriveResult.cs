namespace S3Consumer.Tool.Errors;

/// <summary>How far a redrive got: messages moved back, and those kept because their reason did not match.</summary>
public sealed record RedriveResult(int Total, int Moved, int Kept);
