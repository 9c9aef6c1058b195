using System.Diagnostics;
using IngestPlatform.Contracts.Vocabulary;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>One stack, one burst of unique files dropped at once, and (optionally) single files on the idle stack after it.</summary>
internal static class Burst
{
    private const int WarmUpFiles = 10;

    public sealed record ProcessFigures(string Name, double CpuMsPerFile, double? PeakRssMegabytes);

    public sealed record ReplicaShare(int Replica, long Acknowledged, long Redelivered);

    public sealed record Result(
        int Files,
        int Replicas,
        TimeSpan DropToLastRow,
        TimeSpan FirstDiscoveredToLastStored,
        IReadOnlyList<ProcessFigures> Processes,
        IReadOnlyList<ReplicaShare> Shares,
        IReadOnlyList<double> IdleLatenciesMs,
        string Integrity)
    {
        public double FilesPerSecond => Files / DropToLastRow.TotalSeconds;

        public double PipelineFilesPerSecond => Files / FirstDiscoveredToLastStored.TotalSeconds;

        public double CpuMsPerFile => Processes.Sum(p => p.CpuMsPerFile);
    }

    public static async Task<Result> RunAsync(
        Servers servers, int files, string scaledService, int replicas, int idleFiles,
        IReadOnlyDictionary<string, string> settings, int rabbitMqPid, int postmasterPid, string? traceFolder = null)
    {
        await using var stack = await Stack.StartAsync(servers, new Dictionary<string, int> { [scaledService] = replicas }, settings);

        // JIT, connection pools and the detector's index are warm before anything is timed.
        stack.Drop(Workload.Write(stack.Staging, "warm", WarmUpFiles));
        await stack.WaitForStoredAsync(WarmUpFiles, TimeSpan.FromMilliseconds(50));
        var staged = Workload.Write(stack.Staging, "burst", files);

        var before = Cpu(stack, rabbitMqPid, postmasterPid);
        var clock = Stopwatch.StartNew();
        stack.Drop(staged);
        var traces = traceFolder is null ? [] : Trace(stack, traceFolder, replicas);
        await stack.WaitForStoredAsync(WarmUpFiles + files, TimeSpan.FromMilliseconds(100));
        var dropToLastRow = clock.Elapsed;
        var after = Cpu(stack, rabbitMqPid, postmasterPid);
        foreach (var trace in traces)
        {
            await trace.WaitForExitAsync();
        }

        var (documents, sources, paths, failures) = await stack.CountsAsync();
        var expected = WarmUpFiles + files;
        var integrity = documents == expected && sources == expected && paths == expected && failures == 0
            ? $"{expected} files, {expected} documents, no failure"
            : $"WRONG: {documents} documents, {sources} sources, {paths} distinct paths, {failures} failures for {expected} files";
        var (firstDiscovered, lastStored) = await stack.SpanAsync("burst");

        var processes = before.Keys.Select(name => new ProcessFigures(
            name,
            (after[name] - before[name]) / files,
            stack.Services.FirstOrDefault(s => Label(stack, s) == name) is { } service ? ProcessStats.PeakResidentBytes(service.Id) / 1048576.0 : null)).ToList();

        var shares = replicas > 1 ? await SharesAsync(servers, stack, scaledService) : [];
        var idle = idleFiles > 0 ? await IdleAsync(stack, idleFiles) : [];
        return new Result(files, replicas, dropToLastRow, lastStored - firstDiscovered, processes, shares, idle, integrity);
    }

    /// <summary>
    /// A CPU-sampling trace of each service for 20 s of the burst (<c>dotnet-trace</c>, a global tool), to read with
    /// <c>dotnet-trace report &lt;file&gt; topN</c> or PerfView / speedscope.
    /// </summary>
    private static List<Process> Trace(Stack stack, string folder, int replicas)
    {
        Directory.CreateDirectory(folder);
        return [.. stack.Services.Select(service => Process.Start(new ProcessStartInfo(
            "dotnet-trace",
            ["collect", "-p", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "00:00:00:20",
             "-o", Path.Combine(folder, $"{Label(stack, service).Replace(" #", "-", StringComparison.Ordinal)}-{replicas}.nettrace")]))!)];
    }

    /// <summary>CPU milliseconds so far of every service, of the RabbitMQ node and of the PostgreSQL server.</summary>
    private static Dictionary<string, double> Cpu(Stack stack, int rabbitMqPid, int postmasterPid)
    {
        var cpu = stack.Services.ToDictionary(s => Label(stack, s), s => ProcessStats.CpuMilliseconds(s.Id), StringComparer.Ordinal);
        cpu["RabbitMQ (beam.smp and children)"] = ProcessStats.CpuMilliseconds(rabbitMqPid);
        cpu["PostgreSQL (every postgres process)"] = ProcessStats.CpuMilliseconds(postmasterPid);
        return cpu;
    }

    private static string Label(Stack stack, TestSupport.ServiceProcess service)
    {
        var replicas = stack.Replicas(service.Name).ToList();
        var name = service.Name.Replace("IngestPlatform.", "", StringComparison.Ordinal);
        return replicas.Count == 1 ? name : $"{name} #{replicas.IndexOf(service) + 1}";
    }

    /// <summary>
    /// What each replica of the scaled stage acknowledged, from the management API (its figures lag by the statistics
    /// interval, so they are read once it has caught up), matched to the replica by its connection's local port.
    /// </summary>
    private static async Task<IReadOnlyList<ReplicaShare>> SharesAsync(Servers servers, Stack stack, string service)
    {
        var queue = QueueNames.InputOf(Stack.StageOf(service));
        var replicas = stack.Replicas(service).ToList();
        var ports = replicas.Select(r => ProcessStats.LocalPortsConnectedTo(r.Id, stack.VirtualHost.Port)).ToList();
        IReadOnlyList<ConsumerShare> consumers = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            consumers = await servers.ConsumerSharesAsync(stack.VirtualHost, queue);
            var total = consumers.Sum(c => c.Acknowledged);
            if (total >= await stack.StoredFilesAsync())
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return [.. replicas.Select((r, i) => new ReplicaShare(
            i + 1,
            consumers.Where(c => ports[i].Contains(c.LocalPort)).Sum(c => c.Acknowledged),
            consumers.Where(c => ports[i].Contains(c.LocalPort)).Sum(c => c.Redelivered)))];
    }

    /// <summary>
    /// Single files dropped on the idle stack, one at a time, each timed from its rename into the inbox to its row
    /// being visible (polled every 5 ms). A pause of a few seconds before each lets batches and scans settle.
    /// </summary>
    private static async Task<IReadOnlyList<double>> IdleAsync(Stack stack, int files)
    {
        var latencies = new List<double>();
        for (var i = 0; i < files; i++)
        {
            var path = Workload.Write(stack.Staging, "idle", 1, first: i).Single();
            // Not aligned with the watcher's scan: the pause varies from one file to the next.
            await Task.Delay(TimeSpan.FromMilliseconds(1500 + (i * 337 % 1000)));
            var clock = Stopwatch.StartNew();
            stack.Drop([path]);
            while (!await stack.IsStoredAsync(Path.GetFileName(path)))
            {
                stack.ThrowIfExited();
                if (clock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    throw new TimeoutException($"{path} not stored after a minute.{Environment.NewLine}{stack.Tails()}");
                }

                await Task.Delay(5);
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }
}
