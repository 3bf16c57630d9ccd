using System.Text;
using System.Text.Json.Nodes;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>The configuration reference (README and <c>flockrl config --describe</c>), made from the knobs themselves.</summary>
public static class ConfigReference
{
    public static string Markdown()
    {
        var defaults = RunConfigJson.ToJsonObject(new RunConfig());
        var text = new StringBuilder();
        foreach (var section in ConfigKnob.All.GroupBy(k => k.Attribute.Section))
        {
            text.AppendLine($"**{section.Key}**").AppendLine();
            text.AppendLine("| flag / JSON key | default | allowed | what it does |");
            text.AppendLine("|---|---|---|---|");
            foreach (var knob in section)
            {
                var value = defaults[knob.Name];
                var shown = value is null ? "none" : value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
                text.AppendLine($"| `--{knob.Name}` | `{shown}` | {knob.DescribeAllowed().Replace("|", "\\|", StringComparison.Ordinal)} | {knob.Attribute.Help} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
