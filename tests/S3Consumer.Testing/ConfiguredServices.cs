using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace S3Consumer.Testing;

/// <summary>Services over a configuration made of the given keys, for tests of one piece of the worker's wiring.</summary>
public static class ConfiguredServices
{
    public static IServiceCollection From(params (string Key, string Value)[] settings) =>
        new ServiceCollection().AddSingleton(Configuration(settings));

    public static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
}
