using RelayEngine.Configuration;

namespace RelayWeb.UnitTests.Engine;

public sealed class EngineConfigValidatorTests
{
    private static readonly EngineConfigValidator Validator = new();

    private static RelayConfig Valid() => new()
    {
        RelayId = "r",
        Name = "web",
        Protocol = RelayProtocol.Tcp,
        Listen = "127.0.0.1:15301",
        Targets = ["127.0.0.1:15201"],
    };

    [Fact]
    public void Validate_ValidRelay_NoErrors() => Assert.Empty(Validator.Validate(Valid()));

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryFieldAtOnce()
    {
        // Arrange
        var relay = Valid() with { Listen = "nope", Targets = ["127.0.0.1:1", "bad"], MaxConnections = -1, IdleTimeout = TimeSpan.Zero };

        // Act
        var fields = Validator.Validate(relay).Select(e => e.Field).ToArray();

        // Assert
        Assert.Equal(["listen", "targets[1]", "idleTimeoutMs", "maxConnections"], fields);
    }

    [Fact]
    public void Validate_NoTargets_NamesTargets() =>
        Assert.Equal("targets", Assert.Single(Validator.Validate(Valid() with { Targets = [] })).Field);

    [Fact]
    public void Validate_FanOutOnTcp_IsRejected() =>
        Assert.Equal("strategy", Assert.Single(Validator.Validate(Valid() with { Strategy = TargetStrategy.All })).Field);

    [Fact]
    public void Validate_FanOutOnUdp_IsAllowed() =>
        Assert.Empty(Validator.Validate(Valid() with { Protocol = RelayProtocol.Udp, Strategy = TargetStrategy.All }));

    [Fact]
    public void Validate_TargetIsOwnListenAddress_IsRejectedAsLoop() =>
        Assert.Contains("loop", Assert.Single(Validator.Validate(Valid() with { Targets = ["127.0.0.1:15301"] })).Message);

    [Fact]
    public void Validate_UnknownEnumValues_AreRejected()
    {
        var errors = Validator.Validate(Valid() with { Protocol = (RelayProtocol)9, Strategy = (TargetStrategy)9 });
        Assert.Contains(errors, e => e.Field == "protocol");
        Assert.Contains(errors, e => e.Field == "strategy");
    }

    [Fact]
    public void Equals_TargetsComparedByValue_SoIdenticalSnapshotsDiffAsUnchanged()
    {
        var a = Valid() with { Targets = ["127.0.0.1:1", "127.0.0.1:2"] };
        var b = Valid() with { Targets = new List<string> { "127.0.0.1:1", "127.0.0.1:2" } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Targets = ["127.0.0.1:2", "127.0.0.1:1"] });
    }
}
