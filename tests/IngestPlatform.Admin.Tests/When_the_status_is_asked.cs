using IngestPlatform.Storage.Tests;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

[Collection(AdminCollection.Name)]
public class When_the_status_is_asked(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_show_the_queues_with_their_consumers_the_documents_and_the_failures_by_stage()
    {
        await using var stack = await AdminStack.StartAsync(broker, server, output, "IngestPlatform.Storage");
        // Two documents, and one that storage refuses (PostgreSQL cannot hold a NUL in text): a failure of stage storage.
        await stack.StoreAsync(
            Documents.Detected("Premier\nTexte.", "a.txt"), Documents.Detected("Second\nTexte.", "b.txt"), Documents.Detected("Nul\nTexte \0 refusé.", "nul.txt"));

        var (exitCode, text, _) = await Eventually.WaitForAsync(
            () => stack.AdminAsync("status"),
            r => r.ExitCode != 0 || (r.Output.Contains("storage ", StringComparison.Ordinal) && ConsumerShown(r.Output)),
            AdminStack.Patience, "the management API to show storage's consumer");

        Assert.Equal(0, exitCode);
        Assert.Contains("storage-rejections", text, StringComparison.Ordinal);
        Assert.Contains("storage-faults", text, StringComparison.Ordinal);
        // The minute may have passed while the management API caught up: only the hour is certain.
        Assert.Matches(@"Documents: 2 stored, [0-2] in the last minute, 2 in the last hour\.", text);
        Assert.Matches(@"[│|]\s*storage\s*[│|]\s*rejected\s*[│|]\s*1\s*[│|]", text);
    }

    [Fact]
    public async Task Should_say_which_setting_is_missing_without_a_database()
    {
        var (exitCode, _, error) = await AdminTool.RunAsync(new Dictionary<string, string>(), output, "status");

        Assert.Equal(1, exitCode);
        Assert.Contains("pass --connection or set ConnectionStrings__Ingest", error, StringComparison.Ordinal);
    }

    /// <summary>The storage row of the queue table shows one consumer (the management API samples every few seconds).</summary>
    private static bool ConsumerShown(string output) =>
        output.Split('\n').Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"[│|]\s*storage\s*[│|]\s*0\s*[│|]\s*0\s*[│|]\s*1\s*[│|]"));
}
