using System.Diagnostics;
using IngestPlatform.Contracts;
using IngestPlatform.Normalizer;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.TestSupport;
using MassTransit;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>
/// The floor: MassTransit 8.5 publishing and consuming <see cref="DocumentNormalized"/> messages built by the real
/// normalizer from the bench's own files, persistent and with publisher confirms, in one process and a virtual
/// host of its own, with the services' shape (16 publishes awaiting confirmation at once, like the watcher; the
/// consumer does nothing). One hop = one publish + one consume; a file takes three.
/// </summary>
internal static class HopBench
{
    public sealed record Result(int Messages, double AverageBodyBytes, double PerSecond, double ProcessCpuMsPerHop, double RabbitMqCpuMsPerHop);

    public static async Task<Result> RunAsync(Servers servers, int messages, int rabbitMqPid)
    {
        var samples = Samples();
        var vhost = await servers.Broker.CreateVirtualHostAsync();
        const int warmUp = 200;
        var consumed = 0;
        long bodyBytes = 0;
        var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(vhost.Host, (ushort)vhost.Port, vhost.VirtualHost, h =>
            {
                h.Username(vhost.Username);
                h.Password(vhost.Password);
                h.PublisherConfirmation = true;
            });
            cfg.ReceiveEndpoint("bench-hop", e => e.Handler<DocumentNormalized>(context =>
            {
                Interlocked.Add(ref bodyBytes, context.ReceiveContext.Body.Length ?? 0);
                var count = Interlocked.Increment(ref consumed);
                if (count == warmUp)
                {
                    warm.TrySetResult();
                }

                if (count == warmUp + messages)
                {
                    done.TrySetResult();
                }

                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        try
        {
            await PublishAsync(bus, samples, 0, warmUp);
            await warm.Task.WaitAsync(TimeSpan.FromMinutes(1));
            Interlocked.Exchange(ref bodyBytes, 0);

            var self = Process.GetCurrentProcess();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var rabbitBefore = ProcessStats.CpuMilliseconds(rabbitMqPid);
            var clock = Stopwatch.StartNew();
            await PublishAsync(bus, samples, warmUp, messages);
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var elapsed = clock.Elapsed;
            self.Refresh();
            var processMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var rabbitMs = ProcessStats.CpuMilliseconds(rabbitMqPid) - rabbitBefore;
            return new Result(messages, (double)Interlocked.Read(ref bodyBytes) / messages, messages / elapsed.TotalSeconds,
                processMs / messages, rabbitMs / messages);
        }
        finally
        {
            await bus.StopAsync();
            await servers.Broker.DeleteVirtualHostAsync(vhost);
        }
    }

    private static Task PublishAsync(IBus bus, DocumentNormalized[] samples, int first, int count) =>
        Parallel.ForEachAsync(
            Enumerable.Range(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) =>
            {
                var sample = samples[i % samples.Length];
                await bus.Publish(sample with { Source = sample.Source with { FileId = Guid.NewGuid() } }, ct);
            });

    /// <summary>What the normalizer publishes for the bench's files: the same sizes the pipeline carries.</summary>
    private static DocumentNormalized[] Samples()
    {
        var normalizer = new TextNormalizer();
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, 5).Select(i =>
        {
            var raw = Workload.Content("hop", i);
            var document = normalizer.Normalize(raw).Document!;
            return DocumentNormalizedMapping.From(Messages.SourceFile($"hop-{i}.txt", raw, now), document, new StageStamp("normalizer bench", now));
        })];
    }
}
