using System.CommandLine;
using RelayWeb.Backups;
using RelayWeb.ViewModels;

namespace RelayWeb.Cli;

/// <summary>
/// <c>relay backup [--data-dir DIR] [--output PATH]</c>: a consistent online backup of <c>DIR/relay.db</c>, safe while
/// <c>relay serve</c> runs on it. Without <c>--output</c> the file goes to <c>DIR/backups/relay-YYYYMMDD-HHMMSS.db</c>;
/// an existing directory as <c>--output</c> gets that name inside it.
/// </summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var dataDir = CliOptions.DataDir();
        var databaseOption = CliOptions.Database();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the backup: a file path, or an existing directory. Default: DATA_DIR/backups/relay-YYYYMMDD-HHMMSS.db." };
        var command = new Command("backup", "Take a consistent online backup of the database (safe while 'relay serve' is running).") { dataDir, databaseOption, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (directory, database) = CliOptions.Resolve(parseResult.GetValue(dataDir), parseResult.GetValue(databaseOption));
            if (!File.Exists(database)) return CliOptions.Fail("backup", $"there is no database at '{database}' (check --data-dir or --database).");

            var target = ResolveOutput(parseResult.GetValue(output), directory, DateTime.UtcNow);
            if (File.Exists(target)) return CliOptions.Fail("backup", $"'{target}' already exists; choose another --output.");
            var parent = Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);

            var partial = target + ".partial";
            var lastPercent = -1;
            int pages;
            try
            {
                pages = await SqliteOnlineBackup.CopyAsync(database, partial, fraction =>
                {
                    var percent = (int)(fraction * 100);
                    if (percent / 10 != lastPercent / 10 && !Console.IsErrorRedirected) Console.Error.Write($"\rCopying... {percent}%");
                    lastPercent = percent;
                }, cancellationToken);
                File.Move(partial, target);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"relay backup: failed: {ex.Message}");
                return 1;
            }
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
            Console.WriteLine($"Backed up '{database}' to '{target}' ({DisplayFormat.Bytes(new FileInfo(target).Length)}, {pages} pages).");
            return 0;
        });
        return command;
    }

    internal static string ResolveOutput(string? output, string dataDir, DateTime nowUtc)
    {
        var name = BackupService.FileNameFor(nowUtc);
        if (string.IsNullOrWhiteSpace(output)) return Path.GetFullPath(Path.Combine(dataDir, "backups", name));
        return Directory.Exists(output) ? Path.GetFullPath(Path.Combine(output, name)) : Path.GetFullPath(output);
    }
}
