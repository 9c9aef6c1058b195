using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace IngestPlatform.TestSupport;

/// <summary>
/// One of the platform's services started as a real process (<c>dotnet Service.dll</c>), exactly as
/// <c>deploy/local/up.sh</c> starts it, configured by environment variables. Its output is kept so
/// a failing test can show what the service said.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Waits for the process to exit and for the last of its output to be collected: <see cref="HasExited"/> turns true
    /// before the output reader has delivered the final lines, so a test reading <see cref="Output"/> right after it
    /// could find it empty (a fresh-clone run once did).
    /// </summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0}s for {what}.{Environment.NewLine}{OutputTail(200)}");
        }
    }

    /// <summary>The process id, e.g. to read its memory from <c>/proc/&lt;id&gt;/status</c>.</summary>
    public int Id => _process.Id;

    /// <summary>Peak resident memory so far (<c>VmHWM</c> of <c>/proc/&lt;id&gt;/status</c>), in bytes; null once it has exited.</summary>
    public long? PeakResidentBytes
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines of output: what a test prints when it ends. A minutes-long outage makes
    /// MassTransit log a fault with its stack trace many times a second, and all of it joined into one string ran the
    /// soak test out of memory.
    /// </summary>
    public string OutputTail(int lines) =>
        string.Join(Environment.NewLine, _output.ToArray().TakeLast(lines).Select(l => $"[{Name}] {l}"));

    /// <summary>The port of its health endpoint, from ASP.NET Core's "Now listening on" line; null until it has said it.</summary>
    public int? ListeningPort =>
        _output.Select(l => ListeningOn().Match(l)).FirstOrDefault(m => m.Success) is { } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Waits until the service says where it listens (it listens on any free port).</summary>
    public Task<int?> WaitForListeningPortAsync(TimeSpan timeout) =>
        Eventually.WaitForAsync(() => Task.FromResult(ListeningPort), p => p is not null || HasExited, timeout,
            $"{Name} to listen", () => OutputTail(200));

    public string Output => string.Join(Environment.NewLine, _output.Select(l => $"[{Name}] {l}"));

    /// <summary>
    /// Starts <c>services/&lt;name&gt;/bin/&lt;configuration&gt;/net10.0/&lt;name&gt;.dll</c>, or the same service
    /// from <c>INGEST_ARTIFACTS_PATH</c> when the solution was built with <c>--artifacts-path</c> (parallel
    /// builds of one working tree would otherwise overwrite each other's <c>obj/</c>).
    /// </summary>
    /// <param name="name">The service's project name.</param>
    /// <param name="environment">Its configuration, as environment variables.</param>
    /// <param name="honourFilePermissions">
    /// Under root, start it without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (<c>setpriv</c>), so that file modes
    /// bind it as they bind an ordinary user: root reads a <c>chmod 000</c> file otherwise.
    /// </param>
    public static ServiceProcess Start(string name, IReadOnlyDictionary<string, string> environment, bool honourFilePermissions = false)
    {
        var artifacts = Environment.GetEnvironmentVariable("INGEST_ARTIFACTS_PATH");
        var dll = string.IsNullOrEmpty(artifacts)
            ? Path.Combine(RepositoryPaths.Root, "services", name, "bin", BuildConfiguration, "net10.0", name + ".dll")
            : Path.Combine(artifacts, "bin", name, BuildConfiguration.ToLowerInvariant(), name + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; build IngestPlatform.sln first.", dll);
        }

        // setpriv execs dotnet in its own process, so Kill() still reaches the service.
        string[] command = honourFilePermissions && Environment.IsPrivilegedProcess
            ? ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", "dotnet", dll]
            : ["dotnet", dll];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        // Any free port for the health endpoint: several replicas may run side by side.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => service.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Kills the process at once, like <c>kill -9</c>: no graceful shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static string BuildConfiguration =>
        typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
