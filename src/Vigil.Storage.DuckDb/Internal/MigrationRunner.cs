using System.Globalization;
using System.Reflection;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Applies the numbered SQL scripts embedded under <c>Migrations/</c> (<c>0001_telemetry.sql</c>, …)
/// in order, each in its own transaction together with its row in <c>schema_migrations</c>.
/// </summary>
internal static class MigrationRunner
{
    private const string ResourcePrefix = "Vigil.Storage.DuckDb.Migrations.";

    // Two opens of one file in a process share its database instance: migrate one at a time.
    private static readonly Lock Gate = new();

    /// <summary>Every embedded migration, ordered by version.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    public static IReadOnlyList<int> Run(DuckDBConnection connection, TimeProvider timeProvider, ILogger logger)
    {
        lock (Gate)
        {
            return RunLocked(connection, timeProvider, logger);
        }
    }

    private static List<int> RunLocked(DuckDBConnection connection, TimeProvider timeProvider, ILogger logger)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     INTEGER   PRIMARY KEY,
                    name        VARCHAR   NOT NULL,
                    applied_at  TIMESTAMP NOT NULL
                )
                """;
            create.ExecuteNonQuery();
        }

        var applied = AppliedVersions(connection);
        var newlyApplied = new List<int>();
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            using (var script = connection.CreateCommand())
            {
                script.Transaction = transaction;
                script.CommandText = migration.Sql;
                script.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations VALUES ($version, $name, make_timestamp($at))";
                record.Parameters.Add(new DuckDBParameter("version", migration.Version));
                record.Parameters.Add(new DuckDBParameter("name", migration.Name));
                record.Parameters.Add(new DuckDBParameter("at", Time.ToMicros(timeProvider.GetUtcNow())));
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            newlyApplied.Add(migration.Version);
            Log.MigrationApplied(logger, migration.Version, migration.Name);
        }

        return newlyApplied;
    }

    public static HashSet<int> AppliedVersions(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"migration '{resource}' is not named NNNN_description.sql");
            }

            migrations.Add(new Migration(version, name, ReadResource(assembly, resource)));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two migrations share version {duplicate.Key}");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration resource '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

internal sealed record Migration(int Version, string Name, string Sql);
