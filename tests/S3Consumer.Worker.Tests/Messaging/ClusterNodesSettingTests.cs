using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary><c>RabbitMq:ClusterNodes</c>: the nodes the worker tries in turn, its own host first; a bad entry stops the start.</summary>
public sealed class ClusterNodesSettingTests
{
    [Fact]
    public void The_configured_host_comes_first_then_the_other_nodes_as_given()
    {
        Assert.Equal(
            ["rabbit-1:5671", "rabbit-2:5672", "rabbit-3"],
            ClusterNodeList.WithHost("rabbit-1", 5671, " rabbit-2:5672 ,rabbit-3,"));
    }

    [Fact]
    public void No_cluster_nodes_leaves_the_single_host()
    {
        Assert.Empty(ClusterNodeList.Parse(null));
        Assert.Empty(ClusterNodeList.Parse(""));
    }

    [Theory]
    [InlineData("rabbit-2:5672,rabbit-3:5672", true)]
    [InlineData("rabbit-2", true)]
    [InlineData("rabbit-2:0", false)]
    [InlineData("rabbit-2:65536", false)]
    [InlineData("rabbit-2:amqp", false)]
    [InlineData(":5672", false)]
    [InlineData("amqp://rabbit-2:5672", false)]
    public void Each_node_must_be_a_host_with_an_optional_port(string nodes, bool valid)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("RabbitMq:ClusterNodes", (string?)nodes)]).Build())
            .AddMessaging()
            .BuildServiceProvider();

        var error = Record.Exception(() => services.GetRequiredService<IOptions<RabbitMqOptions>>().Value);

        Assert.Equal(valid ? null : ClusterNodeList.Problem, (error as OptionsValidationException)?.Failures.Single());
    }
}
