using System.Text.Json;
using Vigil.Server.Api;

namespace Vigil.Cli.Output;

/// <summary>JSON for scripts, in the API's own conventions.</summary>
internal static class Printer
{
    private static readonly JsonSerializerOptions Indented = new(ApiJson.Options) { WriteIndented = true };

    public static void Json<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Indented));
}
