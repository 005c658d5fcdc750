using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The credentials one destination writes with: its static keys, an assumed role, or (neither) the SDK's default chain,
/// which covers environment variables, profiles, web identity (EKS IRSA), container credentials (EKS Pod Identity, ECS
/// task roles) and instance roles. A write awaits them: no thread is held while the chain is walked, a role assumed or
/// a session renewed.
/// </summary>
internal sealed class DestinationCredentials
{
    private readonly AWSCredentials credentials;

    private DestinationCredentials(AWSCredentials credentials) => this.credentials = credentials;

    /// <summary>
    /// Whether there is anything to renew when S3 refuses the credentials as expired (see <see cref="Renew"/>): an assumed
    /// role, or credentials of the default chain that refresh themselves (web identity, container, SSO); not static keys.
    /// </summary>
    public bool Renewable => credentials switch
    {
        RefreshingAWSCredentials => true,
        DefaultChain chain => chain.Found is RefreshingAWSCredentials,
        _ => false,
    };

    /// <param name="destination">The destination's settings.</param>
    /// <param name="defaultChain">
    /// The SDK's default chain, resolved asynchronously and one walk at a time (concurrent writes await the same walk):
    /// <see cref="DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync"/>.
    /// </param>
    public static DestinationCredentials For(DestinationOptions destination, Func<Task<AWSCredentials>> defaultChain)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new DestinationCredentials(destination switch
        {
            // The SDK's own AssumeRole credentials: they call STS (its region and endpoint from the SDK's standard settings,
            // AWS_REGION and AWS_ENDPOINT_URL_STS among them) with the default chain's credentials, and assume the role again
            // well before the session expires, while writes go on with the session they have.
            { RoleArn: { Length: > 0 } roleArn } => new AssumedRole(
                new DefaultChain(defaultChain), roleArn, destination.RoleSessionName, new AssumeRoleAWSCredentialsOptions { ExternalId = destination.ExternalId }),
            { AccessKeyId: null or "" } => new DefaultChain(defaultChain),
            { SessionToken: null or "" } => new BasicAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey),
            _ => new SessionAWSCredentials(destination.AccessKeyId, destination.SecretAccessKey, destination.SessionToken),
        });
    }

    public Task<ImmutableCredentials> GetAsync() => credentials.GetCredentialsAsync();

    /// <summary>Makes the next lookup fetch fresh credentials (see <see cref="Renewable"/>), as after S3 refused these as expired.</summary>
    public void Renew()
    {
        var renewable = credentials is DefaultChain chain ? chain.Found : credentials;
        (renewable as RefreshingAWSCredentials)?.ClearCredentials();
    }

    /// <summary>
    /// The SDK's AssumeRole credentials, whose STS call asks its caller's credentials synchronously: they are looked up
    /// asynchronously first, so that the call finds them ready rather than holding a thread while the chain is walked.
    /// </summary>
    private sealed class AssumedRole(AWSCredentials caller, string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options)
        : AssumeRoleAWSCredentials(caller, roleArn, roleSessionName, options)
    {
        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            await SourceCredentials.GetCredentialsAsync().ConfigureAwait(false);
            return await base.GenerateNewCredentialsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The default chain, looked up at each use (the SDK keeps what it found until the environment or the credentials
    /// file changes) rather than once: an identity that is missing makes the writes fail (and be tried again), not the
    /// destination's sender.
    /// </summary>
    private sealed class DefaultChain(Func<Task<AWSCredentials>> resolve) : AWSCredentials
    {
        /// <summary>What the chain found last.</summary>
        public AWSCredentials? Found { get; private set; }

        // Only the SDK's own synchronous calls come here (AssumedRole's STS call, once the lookup was awaited); a write
        // awaits GetCredentialsAsync.
        public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            Found = await resolve().ConfigureAwait(false);
            return await Found.GetCredentialsAsync().ConfigureAwait(false);
        }
    }
}
