using System.Reflection;

namespace IngestPlatform.ServiceDefaults;

/// <summary>Names a stage's build for <c>StageStamp</c>: <c>normalizer 0.4.0</c>.</summary>
public static class StageVersion
{
    /// <summary>The stage name followed by the informational version of the assembly holding <typeparamref name="T"/>.</summary>
    public static string Of<T>(string stage)
    {
        var version = typeof(T).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(T).Assembly.GetName().Version?.ToString()
            ?? "unknown";
        return $"{stage} {version}";
    }
}
