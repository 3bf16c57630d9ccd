using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flock.Actors.Cli;

/// <summary>Writes a command's result: one JSON object on one line (the last line of stdout) for --json.</summary>
public static class JsonResult
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static void WriteLine(TextWriter output, JsonNode result) => output.WriteLine(result.ToJsonString(Compact));

    /// <summary>Converts a bench or summary dictionary (values: numbers, strings, bools, nested dictionaries) to JSON.</summary>
    public static JsonObject From(IReadOnlyDictionary<string, object> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value switch
            {
                IReadOnlyDictionary<string, object> nested => From(nested),
                double d when !double.IsFinite(d) => null,
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        }

        return json;
    }
}
