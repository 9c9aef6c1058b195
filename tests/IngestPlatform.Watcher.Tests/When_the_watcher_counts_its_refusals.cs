using System.Diagnostics;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// Refusals by reason, as an operator's Prometheus sees them: the real watcher process refuses files for different
/// reasons, and its own <c>/metrics</c> counts each under <c>ingest_files_rejected_total{stage, reason}</c>, the
/// same code its <c>DocumentRejected</c> carries.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_watcher_counts_its_refusals(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_count_each_refused_file_under_its_reason_on_metrics()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var watcher = await inbox.StartActiveWatcherAsync(new Dictionary<string, string> { ["Watcher__MaxFileBytes"] = "16" });
        await inbox.WaitForLogAsync(watcher, "Now listening on");

        inbox.Write("empty.txt", "");
        inbox.Write("too-large-1.txt", new string('x', 17));
        inbox.Write("too-large-2.txt", new string('y', 40));
        inbox.Write("a-folder/inside.txt", "not taken: the watcher is not recursive");
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "link.txt"), Path.Combine(inbox.Root, "elsewhere.txt"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(inbox.Inbox, "pipe.txt")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        inbox.Write("good.txt", "taken");
        var expected = new Dictionary<string, string>
        {
            ["empty.txt"] = RefusalReasons.Empty,
            ["too-large-1.txt"] = RefusalReasons.TooLarge,
            ["too-large-2.txt"] = RefusalReasons.TooLarge,
            ["a-folder"] = RefusalReasons.Folder,
            ["link.txt"] = RefusalReasons.SymbolicLink,
            ["pipe.txt"] = RefusalReasons.NotRegularFile,
        };
        await Eventually.WaitUntilAsync(() => inbox.Rejected.Count >= expected.Count && inbox.IsTaken("good.txt"),
            TimeSpan.FromSeconds(60), "every refusal and the good file", () => inbox.Logs);
        Assert.Equal(
            expected.Select(e => $"{e.Key}: {e.Value}").Order(StringComparer.Ordinal),
            inbox.Rejected.Select(r => $"{r.Source.RelativePath}: {r.ReasonCode}").Order(StringComparer.Ordinal));

        var want = expected.Values.GroupBy(c => c).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{WatchedInbox.HealthPort(watcher)}{ServiceDefaultsExtensions.MetricsPath}";
        // The exporter may serve a collection from a moment before the last refusal: wait for the counts, bounded.
        var counted = await Eventually.WaitForAsync(
            async () => Refusals(await http.GetStringAsync(url)),
            c => want.All(w => c.GetValueOrDefault(w.Key) >= w.Value),
            TimeSpan.FromSeconds(30), "the refusals on /metrics", () => inbox.Logs);

        foreach (var (reason, count) in counted.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"ingest_files_rejected_total{{stage=\"watcher\",reason=\"{reason}\"}} {count}");
        }

        Assert.Equal(want.OrderBy(w => w.Key, StringComparer.Ordinal), counted.OrderBy(c => c.Key, StringComparer.Ordinal));
    }

    /// <summary>The watcher's refusal counts by reason; fails on a series without a reason or with one outside the vocabulary.</summary>
    private static Dictionary<string, double> Refusals(string exposition)
    {
        var samples = PrometheusSamples.Parse(exposition).Where(s => s.Name == "ingest_files_rejected_total").ToList();
        Assert.All(samples, s =>
        {
            Assert.Equal(Stages.Watcher, s.Labels["stage"]);
            Assert.Contains(s.Labels["reason"], RefusalReasons.All);
        });
        return samples.ToDictionary(s => s.Labels["reason"], s => s.Value, StringComparer.Ordinal);
    }
}
