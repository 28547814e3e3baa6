using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using RelayWeb.AgentSync;
using RelayWeb.Hosting;

namespace RelayWeb.UnitTests.Web.Hosting;

/// <summary>
/// No appsettings file is watched: the watch is recursive over the working directory, where the default data directory
/// lives, and would wake on every database write.
/// </summary>
public sealed class ConfigReloadTests
{
    [Fact]
    public void Serve_AppsettingsSources_DoNotReloadOnChange()
    {
        // Arrange
        var dataDir = Path.Combine(Path.GetTempPath(), "relay-configreload-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Act
            var app = RelayWebApplication.Build([], new Dictionary<string, string?> { ["Relay:DataDir"] = dataDir });
            var sources = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

            // Assert
            Assert.NotEmpty(sources);
            Assert.All(sources, s => Assert.False(s.ReloadOnChange, $"{s.Path} reloads on change"));
        }
        finally
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void Agent_AppsettingsSources_DoNotReloadOnChange()
    {
        // Act
        var builder = AgentHost.CreateBuilder(new Dictionary<string, string?>());
        var sources = builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList();

        // Assert
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.False(s.ReloadOnChange, $"{s.Path} reloads on change"));
    }
}
