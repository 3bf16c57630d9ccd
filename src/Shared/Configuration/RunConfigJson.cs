using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flock.Shared.Configuration;

/// <summary>Writes a <see cref="RunConfig"/> as the same kebab-case JSON that <c>--config</c> reads.</summary>
public static class RunConfigJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The configuration as a JSON object (it holds no secret: TLS passwords never enter a RunConfig).</summary>
    public static JsonObject ToJsonObject(RunConfig config)
    {
        var json = new JsonObject();
        foreach (var knob in ConfigKnob.All)
        {
            var value = knob.GetValue(config);
            json[knob.Name] = value switch
            {
                null => null,
                Enum e => JsonValue.Create(JsonNamingPolicy.KebabCaseLower.ConvertName(e.ToString())),
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        }

        return json;
    }

    public static string Serialize(RunConfig config) => ToJsonObject(config).ToJsonString(Indented);
}
