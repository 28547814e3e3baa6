using RelayWeb.Hosting;

var app = RelayWebApplication.Build(args);
await app.RunAsync();

/// <summary>The entry point; public so WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
