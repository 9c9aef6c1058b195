using IngestPlatform.ServiceDefaults;
using Npgsql;
using Spectre.Console;

namespace IngestPlatform.Admin;

public sealed record FailureCount(string Stage, string Kind, long Count);

/// <summary>What <c>status</c> shows: the queues (management API) and the database's documents and failures.</summary>
public sealed record PlatformStatus(
    IReadOnlyList<ManagedQueue> Queues, long Documents, long DocumentsLastMinute, long DocumentsLastHour, IReadOnlyList<FailureCount> Failures);

/// <summary>Reads <see cref="PlatformStatus"/> and draws it as tables.</summary>
public sealed class PipelineStatusReader(Uri management, RabbitMqOptions broker, string connectionString)
{
    public async Task<PlatformStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var queues = await ReadQueuesAsync(cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SELECT count(*), count(*) FILTER (WHERE stored_at > now() - interval '1 minute'), count(*) FILTER (WHERE stored_at > now() - interval '1 hour') FROM documents"),
                new("SELECT stage, kind, count(*) FROM ingest_failures GROUP BY stage, kind ORDER BY stage, kind"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (documents, lastMinute, lastHour) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        await reader.NextResultAsync(cancellationToken);
        var failures = new List<FailureCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new FailureCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return new PlatformStatus(queues, documents, lastMinute, lastHour, failures);
    }

    public static void Render(PlatformStatus status, IAnsiConsole console)
    {
        // In pipeline order; the last column names the stage that drains the queue (storage drains the failure queues of all).
        var queues = new Table().Title("Queues").AddColumns("Queue", "Messages", "Unacked", "Consumers", "In/s", "Out/s", "Stage");
        foreach (var q in status.Queues)
        {
            var name = q.IsErrorQueue && q.Messages > 0 ? $"[red]{Markup.Escape(q.Name)}[/]" : Markup.Escape(q.Name);
            queues.AddRow(name, $"{q.Messages}", $"{q.Unacknowledged}", $"{q.Consumers}", Rate(q.PublishRate), Rate(q.DeliverRate), q.ConsumedBy ?? "-");
        }

        console.Write(queues);
        console.MarkupLine($"Documents: {status.Documents} stored, {status.DocumentsLastMinute} in the last minute, {status.DocumentsLastHour} in the last hour.");
        var failures = new Table().Title("Failures by stage").AddColumns("Stage", "Kind", "Files");
        foreach (var f in status.Failures)
        {
            failures.AddRow(f.Stage, f.Kind, $"{f.Count}");
        }

        if (status.Failures.Count == 0)
        {
            console.MarkupLine("Failures: none.");
        }
        else
        {
            console.Write(failures);
        }
    }

    private static string Rate(double? rate) => rate is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private async Task<IReadOnlyList<ManagedQueue>> ReadQueuesAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await RabbitMqManagement.ReadQueuesAsync(http, management, broker, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AdminException(e.StatusCode is null ? $"The RabbitMQ management API at {management} did not answer: {e.Message}" : e.Message, e);
        }
    }
}
