using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>
/// Builds one SQL statement whose values are always parameters: <see cref="Param"/> adds a value and
/// returns its placeholder. Only fixed fragments of this project's code are appended as text.
/// </summary>
internal sealed class SqlBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<DuckDBParameter> _parameters = [];

    public SqlBuilder Append(string fragment)
    {
        _text.Append(fragment);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder (<c>$p0</c>, <c>$p1</c>, …).</summary>
    public string Param(object? value)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"p{_parameters.Count}");
        _parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        return "$" + name;
    }

    /// <summary>Adds a parameter referenced by name (<c>$name</c>) in fixed fragments.</summary>
    public void Named(string name, object? value) => _parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));

    public override string ToString() => _text.ToString();

    public DuckDBCommand CreateCommand(DuckDBConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = _text.ToString();
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

internal static class CommandExtensions
{
    public static DuckDBCommand Command(this DuckDBConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    public static int Execute(this DuckDBConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static long ScalarInt64(this DuckDBConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
