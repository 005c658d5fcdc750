using k8s.Models;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Tests.Services;
using YamlDotNet.RepresentationModel;

namespace S3Consumer.Worker.Tests.Deploy;

/// <summary>
/// deploy/ parsed by the Kubernetes client and held against the worker itself: its configuration, its health
/// endpoints and its stop timeout come from the worker's own wiring, not from copies in the test.
/// </summary>
public sealed class DeployManifestTests : IAsyncLifetime
{
    private readonly Manifests manifests = Manifests.Load();
    private WebApplication worker = null!;

    private V1Deployment Deployment => manifests.Single<V1Deployment>();

    private V1Container Container => Deployment.Spec.Template.Spec.Containers.Single();

    private V1ConfigMap ConfigMap => manifests.Single<V1ConfigMap>();

    /// <summary>
    /// The worker as the Deployment configures it (appsettings.json, then the ConfigMap's environment, and a destination
    /// as the Secret brings one: building the bus builds its consumers, which need one), built but not started.
    /// </summary>
    public Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(ConfigMap.Data.Select(entry => KeyValuePair.Create(ConfigurationKey(entry.Key), (string?)entry.Value)));
        builder.Configuration.AddInMemoryCollection(WorkerHost.Destination("lake", "unused-bucket"));
        builder.AddS3Consumer();
        worker = builder.Build();
        worker.MapS3ConsumerEndpoints();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await worker.DisposeAsync();

    [Fact]
    public void Probes_ask_the_workers_health_endpoints_on_the_port_it_serves()
    {
        var served = worker.Configuration.GetValue<int>("Health:Port");
        var routes = ((IEndpointRouteBuilder)worker).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/')).ToHashSet();

        foreach (var (probe, path) in new[] { (Container.LivenessProbe, "/health/live"), (Container.ReadinessProbe, "/health/ready"), (Container.StartupProbe, "/health/live") })
        {
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Contains(path, routes);
            Assert.Equal(served, ContainerPort(probe.HttpGet.Port));
        }
    }

    [Fact]
    public void Grace_period_outlasts_the_workers_stop_timeout()
    {
        var stopTimeout = worker.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value.StopTimeout!.Value;

        Assert.True(Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds > stopTimeout.TotalSeconds,
            $"terminationGracePeriodSeconds {Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds} must exceed the worker's stop timeout of {stopTimeout.TotalSeconds} s.");
    }

    [Fact]
    public void Every_ConfigMap_key_is_one_the_worker_reads()
    {
        // Each section binds to its options type, and a key that names no property of it fails the bind.
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            [RabbitMqOptions.SectionName] = typeof(RabbitMqOptions),
            [QueueOptions.SectionName] = typeof(QueueOptions),
            [IngressOptions.SectionName] = typeof(IngressOptions),
            [S3Options.SectionName] = typeof(S3Options),
            [ConfiguredDestinations.SectionName] = typeof(ConfiguredDestinations),
        };
        foreach (var key in ConfigMap.Data.Keys.Select(ConfigurationKey))
        {
            var section = key.Split(':')[0];
            if (key == "Health:Port")
            {
                continue; // read by HealthRegistration, and held against the probes above
            }

            Assert.True(sections.TryGetValue(section, out var type), $"ConfigMap key {key}: the worker reads no section '{section}'.");
            var error = Record.Exception(() => worker.Configuration.GetSection(section).Get(type, binder => binder.ErrorOnUnknownConfiguration = true));
            Assert.True(error is null, $"ConfigMap key {key}: {error?.Message}");
        }

        // And the worker starts with them: the options validate.
        Assert.Empty(Record.Exception(() => worker.Services.GetRequiredService<IOptions<QueueOptions>>().Value)?.Message ?? "");
        Assert.Empty(Record.Exception(() => worker.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value)?.Message ?? "");
        Assert.Empty(Record.Exception(() => worker.Services.GetRequiredService<IOptions<IngressOptions>>().Value)?.Message ?? "");
    }

    [Fact]
    public void Secret_is_mounted_as_the_S3CONSUMER_CONFIG_file_and_never_inlined()
    {
        var secret = manifests.Secret("s3consumer-config");
        var volume = Deployment.Spec.Template.Spec.Volumes.Single(candidate => candidate.Secret?.SecretName == secret.Metadata.Name);
        var mount = Container.VolumeMounts.Single(candidate => candidate.Name == volume.Name);
        var configFile = Container.Env.Single(variable => variable.Name == "S3CONSUMER_CONFIG").Value;

        Assert.True(mount.ReadOnlyProperty);
        Assert.Equal($"{mount.MountPath}/{secret.StringData.Keys.Single()}", configFile);

        // No secret value reaches the Deployment, nor any environment variable from a Secret.
        var deploymentText = Manifests.Text("deployment.yaml");
        foreach (var value in SecretValues(secret))
        {
            Assert.DoesNotContain(value, deploymentText, StringComparison.Ordinal);
        }

        Assert.All(Container.EnvFrom, source => Assert.Null(source.SecretRef));
        Assert.All(Container.Env, variable => Assert.Null(variable.ValueFrom?.SecretKeyRef));
    }

    [Fact]
    public void Pods_write_with_their_own_AWS_identity_and_the_Secret_holds_no_AWS_key()
    {
        // IRSA's annotation names the role (EKS Pod Identity associates one with the account outside the manifests).
        var account = manifests.Single<V1ServiceAccount>();
        Assert.Equal(account.Metadata.Name, Deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Matches("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", account.Metadata.Annotations["eks.amazonaws.com/role-arn"]);

        // The worker takes the Secret's destinations as they are: each writes with the pod's identity, or a role it assumes with it.
        var secret = manifests.Secret("s3consumer-config");
        var file = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(secret.StringData.Values.Single()))).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(file).AddLogging().AddDestinations().BuildServiceProvider();
        var destinations = services.GetRequiredService<DestinationCatalog>().All;
        Assert.NotEmpty(destinations);
        Assert.All(destinations, destination => Assert.True(
            destination.Options is { AccessKeyId: null, SecretAccessKey: null, SessionToken: null },
            $"Destination {destination.Name} of secret.yaml names AWS keys: it should write with the pod's identity (serviceaccount.yaml)."));
        Assert.Contains(destinations, destination => destination.Options.RoleArn is not null);
    }

    [Fact]
    public void Pods_run_as_non_root_on_a_read_only_root_filesystem_with_a_writable_tmp()
    {
        var pod = Deployment.Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.False(Container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(Container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], Container.SecurityContext.Capabilities.Drop);

        var tmp = Container.VolumeMounts.Single(mount => mount.MountPath == "/tmp");
        Assert.NotNull(pod.Volumes.Single(volume => volume.Name == tmp.Name).EmptyDir);
    }

    [Fact]
    public void Disruption_budget_and_requests_cover_the_workers_pods()
    {
        var budget = manifests.Single<V1PodDisruptionBudget>();
        var labels = Deployment.Spec.Template.Metadata.Labels;
        Assert.All(budget.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, labels[label.Key]));
        Assert.Equal(Deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);

        Assert.True(Container.Resources.Requests.ContainsKey("cpu") && Container.Resources.Requests.ContainsKey("memory"));
        Assert.True(Container.Resources.Limits["memory"].ToInt64() >= Container.Resources.Requests["memory"].ToInt64());
    }

    [Fact]
    public void KEDA_scales_the_Deployment_on_the_depth_of_the_workers_queues()
    {
        var scaled = manifests.CustomObject("ScaledObject");
        var authentication = manifests.CustomObject("TriggerAuthentication");
        Assert.Equal(Deployment.Metadata.Name, Manifests.Scalar(scaled, "spec", "scaleTargetRef", "name"));

        var triggers = ((YamlSequenceNode)scaled.Children[new YamlScalarNode("spec")]["triggers"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.All(triggers, trigger =>
        {
            Assert.Equal("rabbitmq", Manifests.Scalar(trigger, "type"));
            Assert.Equal("QueueLength", Manifests.Scalar(trigger, "metadata", "mode"));
            Assert.Equal(Manifests.Scalar(authentication, "metadata", "name"), Manifests.Scalar(trigger, "authenticationRef", "name"));
        });
        Assert.Equal(
            new[] { ConfigMap.Data["Queues__Read"], ConfigMap.Data["Queues__Subscribe"], ConfigMap.Data["Ingress__Queue"] },
            triggers.Select(trigger => Manifests.Scalar(trigger, "metadata", "queueName")));

        // The broker's address comes from a Secret of deploy/, by the key it has.
        var reference = (YamlMappingNode)((YamlSequenceNode)authentication.Children[new YamlScalarNode("spec")]["secretTargetRef"]).Children.Single();
        Assert.Contains(Manifests.Scalar(reference, "key"), manifests.Secret(Manifests.Scalar(reference, "name")).StringData.Keys);
    }

    private int ContainerPort(IntOrString port) =>
        int.TryParse(port.Value, out var number) ? number : Container.Ports.Single(candidate => candidate.Name == port.Value).ContainerPort;

    // Environment variable names as .NET configuration reads them: `__` between levels.
    private static string ConfigurationKey(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    // The values of the mounted JSON file (not its property names, which the README documents).
    private static IEnumerable<string> SecretValues(V1Secret secret) =>
        secret.StringData.Values.SelectMany(file => Leaves(System.Text.Json.Nodes.JsonNode.Parse(file)!));

    private static IEnumerable<string> Leaves(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject json => json.SelectMany(property => Leaves(property.Value!)),
        _ => [node.ToString()],
    };
}
