using System.CommandLine;
using RelayWeb.Backups;

namespace RelayWeb.Cli;

/// <summary>
/// <c>relay restore PATH [--data-dir DIR]</c>: replaces <c>DIR/relay.db</c> with a backup after checking it
/// (<see cref="DatabaseRestore"/>). Refuses while a Relay runs on <c>DIR</c>. Exit 0 restored, 1 refused (in use), 2 bad input.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The backup to restore (a file written by 'relay backup' or the scheduled backup job)." };
        var dataDir = CliOptions.DataDir();
        var databaseOption = CliOptions.Database();
        var command = new Command("restore",
            "Restore the database from a backup. Checks the backup first (integrity, Relay tables); refuses while a Relay runs on the data directory; keeps the current database as relay.db.before-restore-TIMESTAMP.")
        {
            path, dataDir, databaseOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var backup = parseResult.GetValue(path)!;
            if (!File.Exists(backup)) return CliOptions.Fail("restore", $"'{Path.GetFullPath(backup)}' does not exist.");
            var (_, database) = CliOptions.Resolve(parseResult.GetValue(dataDir), parseResult.GetValue(databaseOption));
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);

            var result = await DatabaseRestore.RestoreAsync(backup, database, DateTime.UtcNow, cancellationToken);
            switch (result.Status)
            {
                case RestoreStatus.Restored:
                    Console.WriteLine(result.Message);
                    return 0;
                case RestoreStatus.DatabaseInUse:
                    await Console.Error.WriteLineAsync("relay restore: " + result.Message);
                    return 1;
                default:
                    return CliOptions.Fail("restore", result.Message);
            }
        });
        return command;
    }
}
