using static IngestPlatform.TestSupport.ExternalCommand;

namespace IngestPlatform.TestSupport;

/// <summary>
/// Cuts the network to a server of a test's own as a failed switch or a pulled cable does: every packet to or from its
/// TCP port on the loopback interface is dropped (iptables), so nothing is closed or refused; open connections just go
/// silent and new ones time out. Each side learns of it only from its own timeouts (AMQP heartbeats, command
/// timeouts, TCP retransmission limits). <see cref="RestoreAsync"/> lets the retransmitted packets through again.
/// Needs root and iptables (tests/run.sh installs it); a server in a container is reached through the engine's port
/// forwarding, which these rules do not see, so the nodes offer a cut only for servers of Debian's packages.
/// </summary>
public sealed class PortCut(int port) : IAsyncDisposable
{
    private const string Iptables = "/usr/sbin/iptables";

    private bool _cut;

    /// <summary>Whether this machine lets a test cut a port (root, iptables).</summary>
    public static bool Available => Environment.IsPrivilegedProcess && File.Exists(Iptables);

    /// <summary>Why a test cannot cut the network here, for its Skip message.</summary>
    public const string Requirements =
        "cutting the network needs root, /usr/sbin/iptables (tests/run.sh installs it) and servers of Debian's packages, not containers";

    public async Task CutAsync()
    {
        foreach (var rule in Rules())
        {
            await RunAsync(Iptables, ["-I", "INPUT", .. rule]);
        }

        _cut = true;
    }

    public async Task RestoreAsync()
    {
        foreach (var rule in Rules())
        {
            await RunAsync(Iptables, ["-D", "INPUT", .. rule], mayFail: true);
        }

        _cut = false;
    }

    /// <summary>Cuts the port for <paramref name="length"/> (the outage itself, not a wait for a condition), then restores it.</summary>
    public async Task CutForAsync(TimeSpan length)
    {
        await CutAsync();
        await Task.Delay(length);
        await RestoreAsync();
    }

    /// <summary>A test that failed mid-cut must not leave the port cut off for the next server that gets it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_cut)
        {
            await RestoreAsync();
        }
    }

    private string[][] Rules() =>
    [
        ["-i", "lo", "-p", "tcp", "--dport", $"{port}", "-j", "DROP"],
        ["-i", "lo", "-p", "tcp", "--sport", $"{port}", "-j", "DROP"],
    ];
}
