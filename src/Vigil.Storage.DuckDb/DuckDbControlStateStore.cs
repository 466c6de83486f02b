using System.Data.Common;
using Vigil.Core.Ports;
using Vigil.Core.Pricing;
using Vigil.Core.Projects;
using Vigil.Storage.DuckDb.Internal;

namespace Vigil.Storage.DuckDb;

/// <summary>
/// <see cref="IControlStateStore"/> in the same DuckDB file as the telemetry: API keys and prices,
/// each write in its own transaction. Times are stored with microsecond precision.
/// </summary>
public sealed class DuckDbControlStateStore : IControlStateStore
{
    private const string KeyColumns = "id, project_id, name, scopes, secret_hash, epoch_us(created_at), epoch_us(revoked_at)";

    private const string PriceColumns =
        "model, provider, epoch_us(effective_from), input_per_million, output_per_million, cache_read_per_million, " +
        "cache_write_per_million, reasoning_per_million, tiers, source";

    private readonly DuckDbDatabase _database;

    public DuckDbControlStateStore(DuckDbDatabase database) => _database = database;

    public Task SaveApiKeyAsync(ApiKey key, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            connection => Transactions.Run(connection, c => c.Execute(
                """
                INSERT INTO api_keys VALUES ($id, $project, $name, $scopes, $hash, make_timestamp($created), make_timestamp($revoked))
                ON CONFLICT (id) DO UPDATE SET
                    project_id = excluded.project_id, name = excluded.name, scopes = excluded.scopes,
                    secret_hash = excluded.secret_hash, created_at = excluded.created_at, revoked_at = excluded.revoked_at
                """,
                ("id", key.Id),
                ("project", key.ProjectId),
                ("name", key.Name),
                ("scopes", (int)key.Scopes),
                ("hash", key.SecretHash),
                ("created", Time.ToMicros(key.CreatedAt)),
                ("revoked", key.RevokedAt is { } revoked ? Time.ToMicros(revoked) : null))),
            cancellationToken);

    public async Task<ApiKey?> FindApiKeyAsync(string secretHash, CancellationToken cancellationToken)
    {
        var keys = await ReadKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE secret_hash = $value", secretHash, cancellationToken);
        return keys.Count == 0 ? null : keys[0];
    }

    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(string? projectId, CancellationToken cancellationToken) =>
        ReadKeysAsync(
            $"SELECT {KeyColumns} FROM api_keys WHERE $value IS NULL OR project_id = $value ORDER BY project_id, created_at, id",
            projectId,
            cancellationToken);

    public Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            connection => Transactions.Run(connection, c => c.Execute(
                "UPDATE api_keys SET revoked_at = coalesce(revoked_at, make_timestamp($at)) WHERE id = $id",
                ("at", Time.ToMicros(at)),
                ("id", keyId)) > 0),
            cancellationToken);

    public Task<int> SavePricesAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken)
    {
        // One row per key, the last one winning, as if the prices were saved one after another.
        var distinct = prices
            .Select((price, index) => (price, index))
            .GroupBy(p => (p.price.Model, p.price.Provider ?? string.Empty, Time.ToMicros(p.price.EffectiveFrom)))
            .Select(g => g.MaxBy(p => p.index).price)
            .ToList();
        return _database.WriteAsync(
            connection => Transactions.Run(connection, c =>
            {
                foreach (var price in distinct)
                {
                    c.Execute(
                        """
                        INSERT INTO prices VALUES ($model, $provider, make_timestamp($from), $input, $output, $cache_read, $cache_write, $reasoning, $tiers, $source)
                        ON CONFLICT (model, provider, effective_from) DO UPDATE SET
                            input_per_million = excluded.input_per_million, output_per_million = excluded.output_per_million,
                            cache_read_per_million = excluded.cache_read_per_million, cache_write_per_million = excluded.cache_write_per_million,
                            reasoning_per_million = excluded.reasoning_per_million, tiers = excluded.tiers, source = excluded.source
                        """,
                        ("model", price.Model),
                        ("provider", price.Provider ?? string.Empty),
                        ("from", Time.ToMicros(price.EffectiveFrom)),
                        ("input", price.InputPerMillion),
                        ("output", price.OutputPerMillion),
                        ("cache_read", price.CacheReadPerMillion),
                        ("cache_write", price.CacheWritePerMillion),
                        ("reasoning", price.ReasoningPerMillion),
                        ("tiers", StorageJson.SerializeTiers(price.Tiers)),
                        ("source", price.Source));
                }

                return distinct.Count;
            }),
            cancellationToken);
    }

    public async Task<IReadOnlyList<ModelPrice>> ListPricesAsync(CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        await using var command = connection.Command($"SELECT {PriceColumns} FROM prices ORDER BY model, provider, effective_from");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var prices = new List<ModelPrice>();
        while (await reader.ReadAsync(cancellationToken))
        {
            prices.Add(new ModelPrice
            {
                Model = reader.GetString(0),
                Provider = reader.GetString(1).NullIfEmpty(),
                EffectiveFrom = Time.FromMicros(reader.GetInt64(2)),
                InputPerMillion = reader.GetDecimal(3),
                OutputPerMillion = reader.GetDecimal(4),
                CacheReadPerMillion = NullableDecimal(reader, 5),
                CacheWritePerMillion = NullableDecimal(reader, 6),
                ReasoningPerMillion = NullableDecimal(reader, 7),
                Tiers = StorageJson.DeserializeTiers(reader.GetString(8)),
                Source = reader.GetString(9),
            });
        }

        return prices;
    }

    private async Task<IReadOnlyList<ApiKey>> ReadKeysAsync(string sql, string? value, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenReader();
        await using var command = connection.Command(sql, ("value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKey
            {
                Id = reader.GetString(0),
                ProjectId = reader.GetString(1),
                Name = reader.GetString(2),
                Scopes = (ApiKeyScope)reader.GetInt32(3),
                SecretHash = reader.GetString(4),
                CreatedAt = Time.FromMicros(reader.GetInt64(5)),
                RevokedAt = reader.IsDBNull(6) ? null : Time.FromMicros(reader.GetInt64(6)),
            });
        }

        return keys;
    }

    private static decimal? NullableDecimal(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
