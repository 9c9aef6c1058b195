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

    /// <summary>
    /// Waits until <paramref name="probe"/> has returned the same value for <paramref name="quietFor"/>, and returns it:
    /// "nothing more arrives", so a late duplicate or a late failure is counted instead of missed.
    /// </summary>
    public static async Task<T> QuietAsync<T>(
        Func<Task<T>> probe, TimeSpan quietFor, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var last = await probe();
        var since = clock.Elapsed;
        while (clock.Elapsed - since < quietFor)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0}s for {what} to stay unchanged for {quietFor.TotalSeconds:0}s; last value: {last}." +
                    $"{Environment.NewLine}{diagnostics?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
            var current = await probe();
            if (!EqualityComparer<T>.Default.Equals(current, last))
            {
                last = current;
                since = clock.Elapsed;
            }
        }

        return last;
    }
}
