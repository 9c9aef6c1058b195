using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestPlatform.LanguageDetector.Bench;

/// <summary>
/// The language-detector service itself, end to end: its built dll started as a process the way the tests'
/// ServiceProcess and deploy/local/up.sh start it, against the local RabbitMQ (<c>INGEST_TEST_RABBITMQ</c>,
/// management API at <c>INGEST_TEST_RABBITMQ_MANAGEMENT</c>) in a virtual host of its own. "Ready" is when the
/// broker sees its consumer on the language-detector queue (a passive declare, which the queue answers live;
/// the management API's figures lag by its statistics interval), memory is /proc's VmRSS and VmHWM after the
/// service has detected <paramref name="documents"/>.
/// </summary>
internal static class ServiceProbe
{
    public sealed record Result(int Runs, double ReadySecondsMedian, double ReadySecondsMax, int Documents, double ProcessSeconds, double RssMegabytes, double PeakRssMegabytes);

    public static async Task<Result> RunAsync(string serviceDll, IReadOnlyList<string> documents, int runs)
    {
        var amqp = new Uri(Environment.GetEnvironmentVariable("INGEST_TEST_RABBITMQ") is { Length: > 0 } a ? a : "amqp://guest:guest@127.0.0.1:5672");
        var management = new Uri(Environment.GetEnvironmentVariable("INGEST_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } m ? m : $"http://{amqp.Host}:15672");
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var (user, password) = credentials is [{ Length: > 0 } u, var p] ? (u, p) : ("guest", "guest");
        using var http = new HttpClient { BaseAddress = management };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        var ready = new List<double>();
        Result? last = null;
        for (var run = 0; run < runs; run++)
        {
            var vhost = $"langdetect-bench-{Guid.NewGuid():N}";
            (await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), null)).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
            try
            {
                var factory = new ConnectionFactory { HostName = amqp.Host, Port = amqp.Port > 0 ? amqp.Port : 5672, VirtualHost = vhost, UserName = user, Password = password };
                await using var connection = await factory.CreateConnectionAsync();
                using var service = Start(serviceDll, amqp, vhost, user, password);
                var clock = Stopwatch.StartNew();
                await WaitForAsync(connection, QueueNames.LanguageDetector, ok => ok.ConsumerCount >= 1, service, TimeSpan.FromSeconds(60));
                var readySeconds = clock.Elapsed.TotalSeconds;
                ready.Add(readySeconds);

                // Only the last run also processes documents (the figures of interest are after real work).
                if (run < runs - 1)
                {
                    service.Kill(entireProcessTree: true);
                    await service.WaitForExitAsync();
                    continue;
                }

                var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(factory.HostName, (ushort)factory.Port, vhost, h =>
                {
                    h.Username(user);
                    h.Password(password);
                }));
                await bus.StartAsync();
                var work = Stopwatch.StartNew();
                try
                {
                    foreach (var text in documents)
                    {
                        await bus.Publish(Normalized(text));
                    }

                    // The service publishes LanguageDetected, which waits in the storage queue (no storage here).
                    await WaitForAsync(connection, QueueNames.Storage, ok => ok.MessageCount >= documents.Count, service, TimeSpan.FromMinutes(5));
                }
                finally
                {
                    await bus.StopAsync();
                }

                var processSeconds = work.Elapsed.TotalSeconds;
                var status = File.ReadAllLines($"/proc/{service.Id}/status");
                double Kilobytes(string key) => double.Parse(status.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                last = new Result(0, 0, 0, documents.Count, processSeconds, Kilobytes("VmRSS") / 1024, Kilobytes("VmHWM") / 1024);
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync();
            }
            finally
            {
                await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));
            }
        }

        ready.Sort();
        return last! with { Runs = runs, ReadySecondsMedian = ready[ready.Count / 2], ReadySecondsMax = ready[^1] };
    }

    /// <summary>The service dll built beside this benchmark (same configuration, artifacts path or not).</summary>
    public static string FindServiceDll(string repositoryRoot)
    {
        const string Name = "IngestPlatform.LanguageDetector";
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var artifacts = Environment.GetEnvironmentVariable("INGEST_ARTIFACTS_PATH");
        var configuration = typeof(ServiceProbe).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        string[] candidates =
        [
            .. string.IsNullOrEmpty(artifacts) ? [] : new[] { Path.Combine(artifacts, "bin", Name, configuration.ToLowerInvariant(), Name + ".dll") },
            // Built with --artifacts-path: bin/<Project>/<configuration>/ side by side.
            Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(here)!)!, Name, Path.GetFileName(here), Name + ".dll"),
            Path.Combine(repositoryRoot, "services", Name, "bin", configuration, "net10.0", Name + ".dll"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{Name}.dll is not built (looked in {string.Join(", ", candidates)}).");
    }

    private static Process Start(string dll, Uri amqp, string vhost, string user, string password)
    {
        // As tests/IngestPlatform.TestSupport/ServiceProcess.cs starts a service.
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["RabbitMq__Host"] = amqp.Host;
        start.Environment["RabbitMq__Port"] = (amqp.Port > 0 ? amqp.Port : 5672).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RabbitMq__VirtualHost"] = vhost;
        start.Environment["RabbitMq__Username"] = user;
        start.Environment["RabbitMq__Password"] = password;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[service] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(IConnection connection, string queue, Func<QueueDeclareOk, bool> condition, Process service, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (service.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {service.ExitCode} before '{queue}' was ready.");
            }

            // A passive declare of a queue not declared yet closes the channel: a fresh one per poll.
            await using (var channel = await connection.CreateChannelAsync())
            {
                try
                {
                    if (condition(await channel.QueueDeclarePassiveAsync(queue)))
                    {
                        return;
                    }
                }
                catch (OperationInterruptedException)
                {
                    // Not declared yet.
                }
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"'{queue}' not ready after {timeout}.");
            }

            await Task.Delay(10);
        }
    }

    private static DocumentNormalized Normalized(string text)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        return new DocumentNormalized(
            new SourceFile(id, $"{id:N}.txt", $"{id:N}.txt", Encoding.UTF8.GetByteCount(text), "", now, now, now),
            "utf-8",
            "",
            text,
            text,
            "",
            new ArticleMetadata(null, null, null, null, []),
            text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            new StageStamp("language-detector-bench", now));
    }
}
