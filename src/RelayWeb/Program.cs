using RelayWeb.Cli;
using RelayWeb.Hosting;

SocketRuntimeDefaults.Apply(); // before any socket exists: the runtime reads the switch once
return await RelayCommandLine.RunAsync(args);

/// <summary>The entry point; public so WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
