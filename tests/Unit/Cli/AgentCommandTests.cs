using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelayWeb.AgentSync;
using RelayWeb.Cli;

namespace RelayWeb.UnitTests.Cli;

public sealed class AgentCommandTests
{
    [Fact]
    public void Help_Agent_ListsEveryFlagWithItsVariableKeyAndDefault()
    {
        // Arrange
        var output = new StringWriter();

        // Act
        var exitCode = RelayCommandLine.CreateRoot().Parse(["agent", "--help"]).Invoke(new InvocationConfiguration { Output = output });
        var help = output.ToString();

        // Assert
        Assert.Equal(0, exitCode);
        foreach (var (flag, variable) in new[]
        {
            ("--master-url", "RELAY_MASTER_URL"), ("--master-token", "RELAY_MASTER_TOKEN"), ("--agent-id", "RELAY_AGENT_ID"),
            ("--local-database", "RELAY_LOCAL_DATABASE"), ("--sync-interval", "RELAY_SYNC_INTERVAL"), ("--data-retention-days", "RELAY_DATA_RETENTION_DAYS"),
            ("--region", "RELAY_REGION"), ("--mihomo-host", "RELAY_MIHOMO_HOST"), ("--mihomo-port", "RELAY_MIHOMO_PORT"), ("--mihomo-token", "RELAY_MIHOMO_TOKEN"),
        })
        {
            Assert.Contains(flag, help);
            Assert.Contains(variable, help);
        }
        Assert.Contains("Relay:Agent:SyncIntervalSeconds", help);
        Assert.Contains("Default: 60", help);
        Assert.Contains("Default: 7", help);
    }

    [Theory]
    [InlineData(new[] { "--local-database", "a.db" }, "--agent-id is required")]
    [InlineData(new[] { "--agent-id", "edge-1" }, "--local-database is required")]
    [InlineData(new[] { "--agent-id", "bad id", "--local-database", "a.db" }, "--agent-id 'bad id' is not valid")]
    [InlineData(new[] { "--agent-id", "edge-1", "--local-database", "a.db", "--master-url", "ftp://x" }, "--master-url must be an http")]
    [InlineData(new[] { "--agent-id", "edge-1", "--local-database", "a.db", "--sync-interval", "0" }, "--sync-interval must be 1 second or more")]
    [InlineData(new[] { "--agent-id", "edge-1", "--local-database", "a.db", "--data-retention-days", "0" }, "--data-retention-days must be 1 or more")]
    public void Validate_MissingOrBadSettings_OneLineReason(string[] args, string expected)
    {
        // Arrange
        var overrides = new Dictionary<string, string?>();
        var parsed = RelayCommandLine.CreateRoot().Parse(["agent", .. args]);
        foreach (var setting in RelayWeb.Hosting.RelayEnvironmentVariables.Agent)
        {
            var value = parsed.GetValue<object?>(setting.Flag);
            if (value is not null) overrides[setting.ConfigKey] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        var builder = AgentHost.CreateBuilder(overrides);

        // Act
        var errors = AgentHost.Validate(builder.Configuration);

        // Assert
        Assert.Empty(parsed.Errors);
        Assert.StartsWith(expected, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Agent_LedgerRecordsNoTrafficIntervals()
    {
        // Arrange: an agent's statistics are its master's; keeping them locally would only grow its database.
        var overrides = new Dictionary<string, string?>();
        var parsed = RelayCommandLine.CreateRoot().Parse(["agent", "--agent-id", "edge-1", "--local-database", Path.Combine(Path.GetTempPath(), "never-opened.db")]);
        foreach (var setting in RelayWeb.Hosting.RelayEnvironmentVariables.Agent)
        {
            var value = parsed.GetValue<object?>(setting.Flag);
            if (value is not null) overrides[setting.ConfigKey] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        // Act
        using var host = AgentHost.Build(AgentHost.CreateBuilder(overrides));

        // Assert
        Assert.False(host.Services.GetRequiredService<IOptions<RelayWeb.Data.LedgerOptions>>().Value.TrafficIntervals);
    }

    [Fact]
    public async Task RunAsync_NoAgentId_ExitsWithTwo()
    {
        // Arrange
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);

        // Act
        int exitCode;
        try
        {
            exitCode = await RelayCommandLine.RunAsync(["agent", "--local-database", Path.Combine(Path.GetTempPath(), "never-created.db")]);
        }
        finally
        {
            Console.SetError(previous);
        }

        // Assert
        Assert.Equal(RelayCommandLine.UsageError, exitCode);
        Assert.StartsWith("relay agent: --agent-id is required", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void Parse_NotANumber_OneLineError()
    {
        // Act
        var result = RelayCommandLine.CreateRoot().Parse(["agent", "--sync-interval", "soon"]);

        // Assert
        Assert.Equal("--sync-interval must be a whole number (got 'soon').", Assert.Single(result.Errors).Message);
    }
}
