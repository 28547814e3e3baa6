using RelayWeb.Cli;

return await RelayCommandLine.RunAsync(args);

/// <summary>The entry point; public so WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
