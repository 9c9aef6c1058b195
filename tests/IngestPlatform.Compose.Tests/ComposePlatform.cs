using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Compose.Tests;

/// <summary>
/// The shipped docker-compose.yml run as a user runs it, as one compose project of its own: its own name,
/// passwords, free host ports (never the shared servers' 5672/5432) and inbox folders, owned by a user who
/// is not root. <c>docker-compose</c> (Debian's 1.29) unless <c>INGEST_TEST_COMPOSE</c> names another
/// command, such as <c>docker compose</c>.
/// </summary>
public sealed class ComposePlatform : IAsyncLifetime
{
    /// <summary>The inbox owner when the tests run as root: any user but root and the images' app user (1654).</summary>
    private const int InboxOwnerWhenRoot = 4242;

    private readonly StringBuilder _log = new();

    public string Project { get; } = "ingestcompose" + Guid.NewGuid().ToString("N")[..8];

    public string Root { get; } = Directory.CreateTempSubdirectory("ingest-compose-").FullName;

    public string Inbox => Path.Combine(Root, "inbox");

    public string Processed => Path.Combine(Root, "processed");

    public string Failed => Path.Combine(Root, "failed");

    public int Uid { get; private set; }

    public int Gid { get; private set; }

    public int ApiPort { get; } = FreePort();

    /// <summary>The API's bearer token: in its container the API is not on loopback, so it requires one.</summary>
    public string ApiToken { get; } = "api-" + Guid.NewGuid().ToString("N");

    /// <summary>A client of the published API, with the token unless <paramref name="withToken"/> is false.</summary>
    public HttpClient ApiClient(bool withToken = true)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}/") };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiToken);
        }

        return client;
    }

    public int PostgresPort { get; } = FreePort();

    public int RabbitMqPort { get; } = FreePort();

    public int RabbitMqManagementPort { get; } = FreePort();

    public string RabbitMqUser => "ingest";

    public string RabbitMqPassword { get; } = "rmq-" + Guid.NewGuid().ToString("N")[..12];

    public string PostgresUser => "ingest";

    public string PostgresPassword { get; } = "pg-" + Guid.NewGuid().ToString("N")[..12];

    public string PostgresConnectionString =>
        $"Host=127.0.0.1;Port={PostgresPort};Username={PostgresUser};Password={PostgresPassword};Database=ingest;Pooling=false";

    public TimeSpan? UpDuration { get; private set; }

    /// <summary>Everything compose printed, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                var text = _log.ToString();
                return text.Length > 20_000 ? "..." + text[^20_000..] : text;
            }
        }
    }

    public bool Down { get; private set; }

    public Task InitializeAsync()
    {
        foreach (var folder in new[] { Inbox, Processed, Failed })
        {
            Directory.CreateDirectory(folder);
        }

        (Uid, Gid) = GetId("-u") == 0
            ? (InboxOwnerWhenRoot, InboxOwnerWhenRoot)
            : (GetId("-u"), GetId("-g"));
        // As the README says to: the folders exist and belong to the watcher's user before the first up.
        Chown(Inbox, Processed, Failed);
        return Task.CompletedTask;
    }

    /// <summary>Runs compose on this project; throws with its output when it fails.</summary>
    public async Task ComposeAsync(TimeSpan timeout, params string[] arguments)
    {
        var command = (Environment.GetEnvironmentVariable("INGEST_TEST_COMPOSE") is { Length: > 0 } c ? c : "docker-compose")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1).Concat(["-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "-p", Project]).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ComposeEnvironment())
        {
            info.Environment[name] = value;
        }

        Append($"$ {string.Join(' ', info.ArgumentList)}");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"compose {string.Join(' ', arguments)} did not finish within {timeout}.{Environment.NewLine}{Log}");
        }

        Append($"(exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:0} s)");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"compose {string.Join(' ', arguments)} exited with {process.ExitCode}.{Environment.NewLine}{Log}");
        }
    }

    public async Task UpAsync()
    {
        var clock = Stopwatch.StartNew();
        await ComposeAsync(TimeSpan.FromMinutes(20), "up", "--build", "-d");
        UpDuration = clock.Elapsed;
    }

    public async Task DownAsync()
    {
        await ComposeAsync(TimeSpan.FromMinutes(3), "down", "-v", "--remove-orphans");
        Down = true;
        // A project name of its own each run: its images go, the layers they were built from stay cached.
        using var engine = ContainerEngine.CreateClient();
        await ContainerEngine.RemoveProjectImagesAsync(engine, Project);
    }

    /// <summary>A file dropped as a user would: written beside the inbox, owned by the inbox owner, then moved in.</summary>
    public void Drop(string name, byte[] content)
    {
        var staging = Path.Combine(Root, "staging-" + name);
        File.WriteAllBytes(staging, content);
        Chown(staging);
        File.Move(staging, Path.Combine(Inbox, name));
    }

    /// <summary>The numeric owner of a file, as <c>stat</c> reports it.</summary>
    public static int OwnerOf(string path) => int.Parse(Run("stat", "-c", "%u", path), System.Globalization.CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        if (ContainerEngine.DockerHost is not null && !Down)
        {
            try
            {
                await DownAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                // Cleaning up after a failed test: the failure is already reported.
            }
        }

        Directory.Delete(Root, recursive: true);
    }

    private Dictionary<string, string> ComposeEnvironment() => new()
    {
        ["INGEST_RABBITMQ_USER"] = RabbitMqUser,
        ["INGEST_RABBITMQ_PASSWORD"] = RabbitMqPassword,
        ["INGEST_POSTGRES_USER"] = PostgresUser,
        ["INGEST_POSTGRES_PASSWORD"] = PostgresPassword,
        ["INGEST_POSTGRES_DB"] = "ingest",
        ["INGEST_UID"] = Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_GID"] = Gid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_INBOX_DIR"] = Inbox,
        ["INGEST_PROCESSED_DIR"] = Processed,
        ["INGEST_FAILED_DIR"] = Failed,
        ["INGEST_API_TOKEN"] = ApiToken,
        ["INGEST_API_PORT"] = ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_POSTGRES_PORT"] = PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_RABBITMQ_PORT"] = RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["INGEST_RABBITMQ_MANAGEMENT_PORT"] = RabbitMqManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // docker-compose 1.29 builds through the engine's API; no Docker CLI or BuildKit is needed.
        ["COMPOSE_DOCKER_CLI_BUILD"] = "0",
        ["DOCKER_BUILDKIT"] = "0",
    };

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private void Chown(params string[] paths)
    {
        if (Uid != GetId("-u"))
        {
            Run("chown", [$"{Uid}:{Gid}", .. paths]);
        }
    }

    private static int GetId(string which) => int.Parse(Run("id", which), System.Globalization.CultureInfo.InvariantCulture);

    private static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
