using System.Globalization;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>
/// CPU time and peak memory of processes, read from <c>/proc</c> (Linux). A group is a root process and every
/// process below it: RabbitMQ's <c>beam.smp</c> and its helpers, the postmaster and all its backends.
/// </summary>
internal static class ProcessStats
{
    // USER_HZ: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK)).
    private const double MillisecondsPerTick = 10;

    /// <summary>
    /// CPU milliseconds of <paramref name="root"/> and its live descendants, plus what its reaped children used
    /// (<c>cutime</c>/<c>cstime</c>): a backend that ends between two readings is still counted, in its parent.
    /// </summary>
    public static double CpuMilliseconds(int root)
    {
        var all = ReadAll();
        if (!all.TryGetValue(root, out var top))
        {
            return 0;
        }

        long ticks = top.Utime + top.Stime + top.ChildrenUtime + top.ChildrenStime;
        foreach (var pid in Descendants(all, root))
        {
            ticks += all[pid].Utime + all[pid].Stime;
        }

        return ticks * MillisecondsPerTick;
    }

    public static int? ParentOf(int pid) => Read(pid)?.Parent;

    /// <summary>Peak resident memory (<c>VmHWM</c>) in bytes, or null once the process is gone.</summary>
    public static long? PeakResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The local TCP ports of the process's connections to <paramref name="remotePort"/> (its AMQP connections).</summary>
    public static IReadOnlySet<int> LocalPortsConnectedTo(int pid, int remotePort)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && inodes.Contains(f[9]) && Port(f[2]) == remotePort)
                {
                    ports.Add(Port(f[1]));
                }
            }
        }

        return ports;

        static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private sealed record Stat(int Parent, long Utime, long Stime, long ChildrenUtime, long ChildrenStime);

    private static IEnumerable<int> Descendants(Dictionary<int, Stat> all, int root)
    {
        var children = all.ToLookup(p => p.Value.Parent, p => p.Key);
        var pending = new Stack<int>(children[root]);
        while (pending.TryPop(out var pid))
        {
            yield return pid;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }
    }

    private static Dictionary<int, Stat> ReadAll()
    {
        var all = new Dictionary<int, Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all[pid] = stat;
            }
        }

        return all;
    }

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return new Stat((int)L(4), L(14), L(15), L(16), L(17));
    }
}
