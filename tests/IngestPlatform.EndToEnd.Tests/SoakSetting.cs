using System.Globalization;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>The lengths tests/soak.sh passes to the soak scenarios (<c>INGEST_SOAK_*</c>), with their defaults.</summary>
public static class SoakSetting
{
    public static int Get(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
