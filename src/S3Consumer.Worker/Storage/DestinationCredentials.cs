using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The credentials a destination writes with: its static keys, an assumed role, or (neither) the SDK's default chain,
/// which covers environment variables, profiles, web identity (EKS service accounts) and instance or task roles.
/// </summary>
internal static class DestinationCredentials
{
    public static AWSCredentials For(DestinationOptions destination) => destination switch
    {
        { RoleArn: { Length: > 0 } roleArn } => AssumedRole(roleArn, destination),
        { AccessKeyId: null or "" } => new DefaultChain(),
        { SessionToken: null or "" } => new BasicAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey),
        _ => new SessionAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey, destination.SessionToken),
    };

    /// <summary>
    /// The SDK's own AssumeRole credentials: they call STS (its region and endpoint from the SDK's standard settings,
    /// AWS_REGION and AWS_ENDPOINT_URL_STS among them) with the default chain's credentials, and assume the role again
    /// well before the session expires.
    /// </summary>
    private static AssumeRoleAWSCredentials AssumedRole(string roleArn, DestinationOptions destination) =>
        new(new DefaultChain(), roleArn, destination.RoleSessionName, new AssumeRoleAWSCredentialsOptions { ExternalId = destination.ExternalId });

    /// <summary>
    /// The default chain, looked up at each use (the SDK keeps what it found until the environment or the credentials
    /// file changes) rather than once: an identity that is missing makes the writes fail (and be tried again), not the
    /// destination's client.
    /// </summary>
    private sealed class DefaultChain : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentials();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentialsAsync();
    }
}
