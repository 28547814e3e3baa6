namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Tests sharing one app (one engine, one database); they use their own relays and never assume an empty ledger.</summary>
[CollectionDefinition(Name)]
public sealed class RelayWebCollection : ICollectionFixture<RelayWebFactory>
{
    public const string Name = "RelayWeb";
}
