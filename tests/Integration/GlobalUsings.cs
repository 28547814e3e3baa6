global using RelayWeb.IntegrationTests.Infrastructure;
