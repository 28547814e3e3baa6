namespace RelayWeb.Hosting;

/// <summary>The host arguments that keep .NET from watching appsettings files, for <c>serve</c>/<c>master</c> and <c>agent</c> alike.</summary>
public static class ConfigReload
{
    /// <summary>
    /// Turns off reloading appsettings on change. Relay reads its options once at start, and the reload watches the
    /// content root (the working directory) with a recursive inotify watch: with the default <c>--data-dir ./data</c>
    /// below it, every SQLite write woke the watcher thread, which cost a retention run a third of a core.
    /// </summary>
    public static readonly string[] Off = ["--hostBuilder:reloadConfigOnChange=false"];
}
