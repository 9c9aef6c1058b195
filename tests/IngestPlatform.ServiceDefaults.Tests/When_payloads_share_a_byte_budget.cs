using IngestPlatform.ServiceDefaults.Payloads;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults.Tests;

public class When_payloads_share_a_byte_budget
{
    private const long MiB = 1024 * 1024;

    private static PayloadBudget Budget(long bytes) => new(Options.Create(new PayloadOptions { MemoryBudgetBytes = bytes }));

    [Fact]
    public async Task Should_make_a_payload_wait_until_it_fits()
    {
        var budget = Budget(32 * MiB);
        var first = await budget.AcquireAsync(25 * MiB, CancellationToken.None);
        var second = budget.AcquireAsync(25 * MiB, CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.Equal(25 * MiB, budget.InUse);

        first.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(25 * MiB, budget.InUse);
    }

    [Fact]
    public async Task Should_let_a_payload_larger_than_the_budget_run_alone()
    {
        var budget = Budget(32 * MiB);
        using (await budget.AcquireAsync(64 * MiB, CancellationToken.None))
        {
            Assert.Equal(32 * MiB, budget.InUse);
            Assert.False(budget.AcquireAsync(1, CancellationToken.None).IsCompleted);
        }
    }

    [Fact]
    public async Task Should_serve_in_arrival_order_so_a_big_payload_is_not_starved()
    {
        var budget = Budget(32 * MiB);
        var small = await budget.AcquireAsync(10 * MiB, CancellationToken.None);
        var big = budget.AcquireAsync(30 * MiB, CancellationToken.None);
        var later = budget.AcquireAsync(1 * MiB, CancellationToken.None);

        // 22 MiB are free, enough for the later small one, but the big one came first.
        Assert.False(later.IsCompleted);
        small.Dispose();
        (await big.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await later.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task Should_give_back_nothing_twice_and_skip_a_cancelled_waiter()
    {
        var budget = Budget(10 * MiB);
        var held = await budget.AcquireAsync(10 * MiB, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.AcquireAsync(5 * MiB, cancel.Token);
        var next = budget.AcquireAsync(5 * MiB, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();
        held.Dispose();

        using var granted = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5 * MiB, budget.InUse);
    }
}
