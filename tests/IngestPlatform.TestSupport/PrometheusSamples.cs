using System.Globalization;
using System.Text.RegularExpressions;

namespace IngestPlatform.TestSupport;

/// <summary>One line of a Prometheus text exposition: a series (name and labels) and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads what a service serves on <c>/metrics</c>, as Prometheus would: by series, not by string search.</summary>
public static partial class PrometheusSamples
{
    /// <summary>Every sample of <paramref name="exposition"/> (comments left out).</summary>
    public static List<PrometheusSample> Parse(string exposition) =>
    [
        .. SampleLine().Matches(exposition).Select(m => new PrometheusSample(
            m.Groups["name"].Value,
            Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => Regex.Unescape(l.Groups[2].Value), StringComparer.Ordinal),
            double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture))),
    ];

    // name{labels} value [timestamp]; the labels part is optional.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eE]+|NaN|[+-]Inf)(?:\s+\d+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
