using System.Diagnostics;

namespace IngestPlatform.TestSupport;

/// <summary>Bounded polling: the one way tests wait for something that happens asynchronously.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var last = await probe();
        while (!done(last))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0}s for {what}; last value: {last}.{Environment.NewLine}{diagnostics?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
            last = await probe();
        }

        return last;
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null) =>
        WaitForAsync(() => Task.FromResult(condition()), ok => ok, timeout, what, diagnostics);
}
