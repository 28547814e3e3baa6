using System.CommandLine;
using RelayWeb.Cli;

namespace RelayWeb.UnitTests.Cli;

public sealed class MasterCommandTests
{
    [Fact]
    public void Help_Master_ListsTheTrackerFlagsWithTheirVariablesAndDefaults()
    {
        // Arrange
        var output = new StringWriter();

        // Act
        var exitCode = RelayCommandLine.CreateRoot().Parse(["master", "--help"]).Invoke(new InvocationConfiguration { Output = output });
        var help = output.ToString();

        // Assert
        Assert.Equal(0, exitCode);
        foreach (var flag in new[] { "--database", "--listen-host", "--listen-port", "--api-token", "--mihomo-host", "--mihomo-port", "--mihomo-token" })
        {
            Assert.Contains(flag, help);
        }
        Assert.Contains("RELAY_MIHOMO_HOST", help);
        Assert.Contains("Relay:Mihomo:Token", help);
        Assert.Contains("Default: 9090", help);
    }

    [Fact]
    public void Parse_ServeWithMihomoFlags_Accepted()
    {
        // Act
        var result = RelayCommandLine.CreateRoot().Parse(["serve", "--mihomo-host", "127.0.0.1", "--mihomo-port", "9090", "--mihomo-token", "s"]);

        // Assert
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Parse_MihomoPortOutOfRange_Error(string port)
    {
        // Act
        var result = RelayCommandLine.CreateRoot().Parse(["master", "--mihomo-host", "127.0.0.1", "--mihomo-port", port]);

        // Assert
        Assert.Contains(result.Errors, e => e.Message.Contains("--mihomo-port must be between 1 and 65535", StringComparison.Ordinal));
    }

    [Fact]
    public void UseDatabaseDirectory_DatabaseWithoutDataDir_DataDirIsItsDirectory()
    {
        // Arrange
        var overrides = new Dictionary<string, string?> { ["Relay:DatabasePath"] = "/var/lib/tracker/master.db" };

        // Act
        ServeCommand.UseDatabaseDirectory(overrides);

        // Assert
        Assert.Equal("/var/lib/tracker", overrides["Relay:DataDir"]);
    }

    [Fact]
    public void UseDatabaseDirectory_ExplicitDataDir_Kept()
    {
        // Arrange
        var overrides = new Dictionary<string, string?> { ["Relay:DatabasePath"] = "/db/master.db", ["Relay:DataDir"] = "/logs-here" };

        // Act
        ServeCommand.UseDatabaseDirectory(overrides);

        // Assert
        Assert.Equal("/logs-here", overrides["Relay:DataDir"]);
    }
}
