namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>Every browser test shares one running app and one browser; tests in the collection run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
