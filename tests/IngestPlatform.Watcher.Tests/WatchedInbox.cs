using System.Collections.Concurrent;
using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// An inbox watched by the real watcher process(es) on a virtual host of its own, and an observer
/// on that virtual host recording every FileDiscovered and DocumentRejected the watcher published.
/// Disposing prints the watchers' output to the test log and removes what it made.
/// </summary>
public sealed class WatchedInbox : IAsyncDisposable
{
    public const string Service = "IngestPlatform.Watcher";

    private readonly RabbitMqFixture? _broker;
    private readonly ITestOutputHelper _output;
    private readonly List<ServiceProcess> _watchers = [];
    private IBusControl? _observer;

    private WatchedInbox(RabbitMqFixture? broker, ITestOutputHelper output, BrokerVirtualHost vhost, string root)
    {
        _broker = broker;
        _output = output;
        VirtualHost = vhost;
        Root = root;
    }

    public BrokerVirtualHost VirtualHost { get; }

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "inbox");

    public string Processed => Path.Combine(Root, "processed");

    public string Failed => Path.Combine(Root, "failed");

    public ConcurrentQueue<FileDiscovered> Discovered { get; } = new();

    public ConcurrentQueue<DocumentRejected> Rejected { get; } = new();

    public string Logs => string.Join(Environment.NewLine, _watchers.Select(w => w.Output));

    /// <summary>A fresh virtual host and inbox, with the observer already listening (nothing published is missed).</summary>
    public static async Task<WatchedInbox> CreateAsync(RabbitMqFixture broker, ITestOutputHelper output) =>
        await CreateAsync(broker, output, await broker.CreateVirtualHostAsync());

    /// <summary>A fresh inbox on a broker of the test's own (<see cref="RabbitMqNode"/>), which the test cleans up.</summary>
    public static Task<WatchedInbox> CreateAsync(RabbitMqNode node, ITestOutputHelper output) =>
        CreateAsync(null, output, node.VirtualHost);

    private static async Task<WatchedInbox> CreateAsync(RabbitMqFixture? broker, ITestOutputHelper output, BrokerVirtualHost vhost)
    {
        var root = Directory.CreateTempSubdirectory("ingest-watcher-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        var inbox = new WatchedInbox(broker, output, vhost, root);
        await inbox.StartObserverAsync();
        return inbox;
    }

    /// <summary>
    /// Starts a watcher process on this inbox. Short windows keep tests fast; the code is the same.
    /// <paramref name="settings"/> override or add environment variables (<c>Watcher__Recursive</c>...).
    /// </summary>
    public ServiceProcess StartWatcher(
        IReadOnlyDictionary<string, string>? settings = null, int? brokerPort = null, bool honourFilePermissions = false)
    {
        var environment = new Dictionary<string, string>(VirtualHost.ToEnvironment())
        {
            ["Watcher__InboxPath"] = Inbox,
            ["Watcher__ScanInterval"] = "00:00:00.500",
            ["Watcher__StableFor"] = "00:00:00.300",
            ["Watcher__EmptyFileStableFor"] = "00:00:02",
        };
        if (brokerPort is { } port)
        {
            environment["RabbitMq__Host"] = "127.0.0.1";
            environment["RabbitMq__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var watcher = ServiceProcess.Start(Service, environment, honourFilePermissions);
        _watchers.Add(watcher);
        return watcher;
    }

    /// <summary>Starts a watcher and waits until it holds the inbox lock and has started scanning.</summary>
    public async Task<ServiceProcess> StartActiveWatcherAsync(
        IReadOnlyDictionary<string, string>? settings = null, int? brokerPort = null, bool honourFilePermissions = false)
    {
        var watcher = StartWatcher(settings, brokerPort, honourFilePermissions);
        await WaitForLogAsync(watcher, "Active watcher for");
        return watcher;
    }

    public async Task WaitForLogAsync(ServiceProcess watcher, string text, int times = 1)
    {
        await Eventually.WaitUntilAsync(
            () => CountOccurrences(watcher.Output, text) >= times || watcher.HasExited,
            TimeSpan.FromSeconds(60), $"'{text}' in {watcher.Name}'s log", () => Logs);
        Assert.False(watcher.HasExited, $"{watcher.Name} exited:{Environment.NewLine}{watcher.Output}");
    }

    /// <summary>
    /// Drops a marker file and waits until the observer has it: every publish the watcher made
    /// before it is then in, so counting "none twice" is not a race with a late message.
    /// Markers are named <c>zz-marker-*</c>; leave them out when counting.
    /// </summary>
    public async Task FlushAsync()
    {
        var name = $"zz-marker-{Guid.NewGuid():N}.txt";
        Write(name, name);
        await Eventually.WaitUntilAsync(() => Discovered.Any(d => d.Source.FileName == name), TimeSpan.FromSeconds(60),
            "the marker file to come through", () => Logs);
    }

    /// <summary>
    /// True once a file is both moved to <c>processed/</c> (after the broker confirmed it) and heard of by
    /// the observer, which receives it a moment after the move: waiting for the move alone races the observer.
    /// </summary>
    public bool IsTaken(string relativePath) =>
        ProcessedFiles().Contains(relativePath) && Discovered.Any(d => d.Source.RelativePath == relativePath);

    public static bool IsMarker(string relativePath) => relativePath.StartsWith("zz-marker-", StringComparison.Ordinal);

    /// <summary>The port of the watcher's health endpoint, from ASP.NET Core's "Now listening on" line.</summary>
    public static int HealthPort(ServiceProcess watcher) =>
        watcher.ListeningPort ?? throw new InvalidOperationException($"{watcher.Name} did not say where it listens:{Environment.NewLine}{watcher.Output}");

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Inbox, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Files under processed/, relative to their dated folder, '/' separated, markers aside.</summary>
    public string[] ProcessedFiles() =>
        Directory.Exists(Processed)
            ? [.. Directory.GetFiles(Processed, "*", SearchOption.AllDirectories)
                .Select(f => string.Join('/', Path.GetRelativePath(Processed, f).Split(Path.DirectorySeparatorChar).Skip(1)))
                .Where(p => !IsMarker(p))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>What is left in the inbox, the watcher's lock file aside.</summary>
    public string[] InboxFiles() =>
        [.. Directory.GetFileSystemEntries(Inbox, "*", SearchOption.AllDirectories)
            .Where(f => File.Exists(f) || new FileInfo(f).LinkTarget is not null)
            .Select(f => Path.GetRelativePath(Inbox, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != ".ingest-watcher.lock")
            .Order(StringComparer.Ordinal)];

    /// <summary>Relative paths of every FileDiscovered received, markers aside, a path twice if published twice.</summary>
    public string[] DiscoveredPaths() => [.. Discovered.Select(d => d.Source.RelativePath).Where(p => !IsMarker(p)).Order(StringComparer.Ordinal)];

    public static int CountOccurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Messages the observer holds unacknowledged at most: a broker stop sends them again.</summary>
    public const int ObserverPrefetch = 16;

    private async Task StartObserverAsync()
    {
        _observer = await TestBus.StartAsync(VirtualHost, cfg =>
        {
            cfg.ReceiveEndpoint("watcher-test-observer", e =>
            {
                // Explicit, because the outage tests bound redeliveries by it.
                e.PrefetchCount = ObserverPrefetch;
                e.Handler<FileDiscovered>(c =>
                {
                    Discovered.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
                e.Handler<DocumentRejected>(c =>
                {
                    Rejected.Enqueue(c.Message);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync();
        }

        _output.WriteLine(Logs);
        if (_observer is not null)
        {
            await _observer.StopAsync();
        }

        if (_broker is not null)
        {
            await _broker.DeleteVirtualHostAsync(VirtualHost);
        }

        Directory.Delete(Root, recursive: true);
    }
}
