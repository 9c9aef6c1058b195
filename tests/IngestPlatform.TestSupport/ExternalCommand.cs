using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IngestPlatform.TestSupport;

/// <summary>Runs the server tools the fault tests drive (<c>rabbitmqctl</c>, <c>pg_ctlcluster</c>...), and finds free ports for them.</summary>
public static class ExternalCommand
{
    /// <summary>
    /// The longest any server tool may take. <c>rabbitmqctl</c> against a node that is half up can wait forever;
    /// past this the tool is killed and the test fails with its output instead of hanging CI.
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Runs a command and returns its exit code and its output (standard error appended when it failed).</summary>
    public static async Task<(int Code, string Output)> RunWithOutputAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{file} {string.Join(' ', arguments)} did not exit within {Limit.TotalSeconds:0} s; killed. Output so far: {await output}{await error}");
        }

        return (process.ExitCode, process.ExitCode == 0 ? await output : await output + await error);
    }

    /// <summary>Runs a command; a non-zero exit throws with its output unless <paramref name="mayFail"/>.</summary>
    public static async Task<int> RunAsync(string file, string[] arguments, bool mayFail = false)
    {
        var (code, output) = await RunWithOutputAsync(file, arguments);
        if (code != 0 && !mayFail)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {code}: {output}");
        }

        return code;
    }

    /// <summary>A TCP port nothing listens on now (the OS's next ephemeral one).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
