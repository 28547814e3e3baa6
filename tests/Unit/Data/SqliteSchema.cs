using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace RelayWeb.UnitTests.Data;

/// <summary>
/// Reads a SQLite database's schema through its pragmas as sorted lines (tables, columns with type, not-null, primary-key
/// position, default and collation, indexes with uniqueness and columns), ignoring EF's own <c>__EF*</c> tables.
/// </summary>
internal static class SqliteSchema
{
    public static async Task<IReadOnlyList<string>> ReadAsync(string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'");
        foreach (var table in tables)
        {
            var name = (string)table[0]!;
            var sql = (string)table[1]!;
            lines.Add($"table {name} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");

            foreach (var column in await QueryAsync(connection, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($p)", name))
            {
                var columnName = (string)column[0]!;
                lines.Add($"column {name}.{columnName} type={column[1]} notnull={column[2]} default={column[3] ?? "null"} pk={column[4]} collate={Collation(sql, columnName)}");
            }

            foreach (var index in await QueryAsync(connection, "SELECT name, \"unique\", origin, partial FROM pragma_index_list($p)", name))
            {
                var indexName = (string)index[0]!;
                var columns = await QueryAsync(connection, "SELECT name, coll, \"desc\" FROM pragma_index_xinfo($p) WHERE key = 1 ORDER BY seqno", indexName);
                var columnList = string.Join(",", columns.Select(c => $"{c[0]} {c[1]}{((long)c[2]! == 1 ? " desc" : "")}"));
                lines.Add($"index {name}.{indexName} unique={index[1]} origin={index[2]} partial={index[3]} columns=({columnList})");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Lines only in <paramref name="left"/> (prefixed "- ") or only in <paramref name="right"/> (prefixed "+ ").</summary>
    public static IReadOnlyList<string> Diff(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        [.. left.Except(right).Select(l => "- " + l), .. right.Except(left).Select(l => "+ " + l)];

    /// <summary>The COLLATE of a column in its CREATE TABLE text (table_info does not report it); BINARY when none.</summary>
    private static string Collation(string createTableSql, string column)
    {
        var match = Regex.Match(createTableSql, "\"" + Regex.Escape(column) + "\"\\s+[^,]*?COLLATE\\s+(\\w+)", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : "BINARY";
    }

    private static async Task<List<object?[]>> QueryAsync(SqliteConnection connection, string sql, string? parameter = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null) command.Parameters.AddWithValue("$p", parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
