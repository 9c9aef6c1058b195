using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

[Collection(AdminCollection.Name)]
public class When_dead_letters_are_replayed(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_move_them_back_to_their_queue_and_store_each_document_once()
    {
        await using var letters = await DeadLetters.CreateAsync(broker, server, output);
        await letters.RepairAsync();

        var (exitCode, text) = await letters.AdminAsync("replay", "storage_error");

        Assert.Equal(0, exitCode);
        Assert.Contains($"Moved {DeadLetters.Count} message(s) from storage_error to storage.", text, StringComparison.Ordinal);
        var stored = await Eventually.WaitForAsync(letters.StoredPathsAsync, p => p.Count >= DeadLetters.Count, TimeSpan.FromSeconds(60),
            "the replayed documents in document_sources", () => letters.Logs);
        Assert.Equal(["0.txt", "1.txt", "2.txt"], stored);
        Assert.Equal(0u, await letters.MessageCountAsync("storage_error"));
        Assert.Equal(0u, await letters.MessageCountAsync("storage"));
    }

    [Fact]
    public async Task Should_move_nothing_in_a_dry_run()
    {
        await using var letters = await DeadLetters.CreateAsync(broker, server, output);
        await letters.RepairAsync();

        var (exitCode, text) = await letters.AdminAsync("replay", "storage_error", "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Contains($"{DeadLetters.Count} message(s) in storage_error would be moved to storage (dry run: nothing moved).", text, StringComparison.Ordinal);
        Assert.Equal((uint)DeadLetters.Count, await letters.MessageCountAsync("storage_error"));
        Assert.Empty(await letters.StoredPathsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_queue_that_is_not_a_dead_letter_queue()
    {
        await using var letters = await DeadLetters.CreateAsync(broker, server, output);

        var (exitCode, text) = await letters.AdminAsync("replay", "storage");

        Assert.Equal(1, exitCode);
        Assert.Contains("not a dead-letter queue", text, StringComparison.Ordinal);
        Assert.Equal((uint)DeadLetters.Count, await letters.MessageCountAsync("storage_error"));
    }
}
