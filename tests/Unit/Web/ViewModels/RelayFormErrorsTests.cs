using RelayEngine.Configuration;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class RelayFormErrorsTests
{
    [Fact]
    public void From_ValidatorErrors_LandOnTheirFields()
    {
        // Arrange
        var form = new RelayFormModel { Name = "", Listen = "nope", Targets = "a:1\nbad" };
        var errors = new EngineConfigValidator().Validate(form.ToConfig());

        // Act
        var mapped = RelayFormErrors.From(errors, form);

        // Assert
        Assert.NotEmpty(mapped.For(RelayFormFields.Name));
        Assert.Contains(mapped.For(RelayFormFields.Listen), m => m.Contains("nope", StringComparison.Ordinal));
        Assert.Contains(mapped.For(RelayFormFields.Targets), m => m.StartsWith("Target 2 (bad): ", StringComparison.Ordinal));
        Assert.False(mapped.Has(RelayFormErrors.General));
    }

    [Fact]
    public void From_StrategyAllOnTcp_IsAStrategyError()
    {
        // Arrange
        var form = new RelayFormModel { Name = "x", Listen = ":1000", Targets = "a:1", Strategy = TargetStrategy.All };

        // Act
        var mapped = RelayFormErrors.From(new EngineConfigValidator().Validate(form.ToConfig()), form);

        // Assert
        Assert.Single(mapped.For(RelayFormFields.Strategy));
    }

    [Fact]
    public void From_IdleTimeout_SpeaksTheFormsUnit()
    {
        // Act
        var mapped = RelayFormErrors.From([new ConfigError("idleTimeoutMs", "Must be greater than 0 and at most 604800000 ms.")]);

        // Assert
        Assert.Contains("604800 s", mapped.For(RelayFormFields.IdleTimeout).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_ConflictOnName_AndUnknownField()
    {
        // Act
        var mapped = RelayFormErrors.From([new ConfigError("name", "A relay named 'x' already exists."), new ConfigError("database", "Locked.")]);

        // Assert
        Assert.Equal(["A relay named 'x' already exists."], mapped.For(RelayFormFields.Name));
        Assert.Equal(["Locked."], mapped.For(RelayFormErrors.General));
        Assert.True(mapped.HasErrors);
    }

    [Fact]
    public void None_HasNoErrors() => Assert.False(RelayFormErrors.None.HasErrors);
}
