using System.Diagnostics;
using System.Reflection;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

/// <summary>Runs <c>IngestPlatform.Admin</c> as an operator would: a process configured by the services' environment variables.</summary>
internal static class AdminTool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string> environment, ITestOutputHelper log, params string[] arguments)
    {
        var configuration = typeof(AdminTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var artifacts = Environment.GetEnvironmentVariable("INGEST_ARTIFACTS_PATH");
        var dll = string.IsNullOrEmpty(artifacts)
            ? Path.Combine(RepositoryPaths.Root, "services", "IngestPlatform.Admin", "bin", configuration, "net10.0", "IngestPlatform.Admin.dll")
            : Path.Combine(artifacts, "bin", "IngestPlatform.Admin", configuration.ToLowerInvariant(), "IngestPlatform.Admin.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Wide enough that Spectre's tables do not wrap a queue name across lines.
        start.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var (text, errorText) = (await output, await error);
        log.WriteLine($"$ ingest-admin {string.Join(' ', arguments)}{Environment.NewLine}{text}{errorText}");
        return (process.ExitCode, text, errorText);
    }
}
