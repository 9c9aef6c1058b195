using System.Text.Json;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Api.Pipeline;

/// <summary>The pipeline now: the inbox backlog (from the watchers), and each queue of the virtual host (from RabbitMQ).</summary>
internal sealed record PipelineNow(
    long? InboxWaiting,
    IReadOnlyList<WatcherView> Watchers,
    IReadOnlyList<ManagedQueue> Queues,
    string? BrokerProblem,
    DateTimeOffset At);

/// <summary>What one watcher's <c>/status</c> said, or why it could not be read.</summary>
internal sealed record WatcherView(
    string Url, string? Role, string? Inbox, long? Waiting, double? LastScanAgeSeconds, double? BrokerTroubleSeconds, string? Problem);

/// <summary>
/// Reads the pipeline's live state for the dashboard. Each source is asked with <see cref="ApiOptions.ProbeTimeout"/>
/// and a source that does not answer is shown as such: the dashboard is most needed when something is down.
/// </summary>
internal sealed class PipelineStatusReader(HttpClient http, IOptions<ApiOptions> options, IOptions<RabbitMqOptions> rabbitMq, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PipelineNow> ReadAsync(CancellationToken cancellationToken)
    {
        var watchers = Task.WhenAll(options.Value.WatcherStatusUrls.Select(url => ReadWatcherAsync(url, cancellationToken)));
        var queues = ReadQueuesAsync(cancellationToken);
        var watcherViews = await watchers;
        var (queueViews, brokerProblem) = await queues;
        var active = watcherViews.Where(w => w.Role == "active" && w.Waiting is not null).ToArray();
        return new PipelineNow(
            active.Length == 0 ? null : active.Sum(w => w.Waiting!.Value), watcherViews, queueViews, brokerProblem, time.GetUtcNow());
    }

    private async Task<WatcherView> ReadWatcherAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            var status = await http.GetFromJsonAsync<WatcherStatusBody>(url, Json, timeout.Token)
                ?? throw new JsonException("empty answer");
            return new WatcherView(url.ToString(), status.Role, status.Inbox, status.Waiting, status.LastScanAgeSeconds, status.BrokerTroubleSeconds, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new WatcherView(url.ToString(), null, null, null, null, null, $"not reachable: {e.Message}");
        }
    }

    private async Task<(IReadOnlyList<ManagedQueue> Queues, string? Problem)> ReadQueuesAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            return (await RabbitMqManagement.ReadQueuesAsync(http, options.Value.RabbitMqManagementUrl, rabbitMq.Value, timeout.Token), null);
        }
        catch (HttpRequestException e) when (e.StatusCode is not null)
        {
            return ([], e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ([], $"The RabbitMQ management API at {options.Value.RabbitMqManagementUrl} is not reachable: {e.Message}");
        }
    }

    private sealed record WatcherStatusBody(string? Role, string? Inbox, long? Waiting, double? LastScanAgeSeconds, double? BrokerTroubleSeconds);
}
