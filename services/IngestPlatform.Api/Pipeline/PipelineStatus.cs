using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Api.Pipeline;

/// <summary>The pipeline now: the inbox backlog (from the watchers), and each queue of the virtual host (from RabbitMQ).</summary>
internal sealed record PipelineNow(
    long? InboxWaiting,
    IReadOnlyList<WatcherView> Watchers,
    IReadOnlyList<QueueView> Queues,
    string? BrokerProblem,
    DateTimeOffset At);

/// <summary>What one watcher's <c>/status</c> said, or why it could not be read.</summary>
internal sealed record WatcherView(
    string Url, string? Role, string? Inbox, long? Waiting, double? LastScanAgeSeconds, double? BrokerTroubleSeconds, string? Problem);

/// <summary>
/// A queue as the management API reports it: messages ready and unacknowledged, consumers, and the publish and
/// deliver rates (messages per second, averaged by RabbitMQ over its last few seconds; null before any traffic).
/// </summary>
internal sealed record QueueView(
    string Name, bool IsErrorQueue, long Messages, long Ready, long Unacknowledged, int Consumers, double? PublishRate, double? DeliverRate);

/// <summary>
/// Reads the pipeline's live state for the dashboard. Each source is asked with <see cref="ApiOptions.ProbeTimeout"/>
/// and a source that does not answer is shown as such: the dashboard is most needed when something is down.
/// </summary>
internal sealed class PipelineStatusReader(HttpClient http, IOptions<ApiOptions> options, IOptions<RabbitMqOptions> rabbitMq, TimeProvider time)
{
    public const string ErrorSuffix = "_error";

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

    private async Task<(IReadOnlyList<QueueView> Queues, string? Problem)> ReadQueuesAsync(CancellationToken cancellationToken)
    {
        var broker = rabbitMq.Value;
        var url = new Uri(options.Value.RabbitMqManagementUrl,
            $"api/queues/{Uri.EscapeDataString(broker.VirtualHost)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers,message_stats");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Username}:{broker.Password}")));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ([], $"The RabbitMQ management API at {options.Value.RabbitMqManagementUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var queues = await response.Content.ReadFromJsonAsync<List<QueueBody>>(Json, timeout.Token) ?? [];
            return ([.. queues
                // MassTransit's temporary bus queues (one per running bus instance) are not stages.
                .Where(q => !q.Name.Contains("_bus_", StringComparison.Ordinal))
                .OrderBy(q => q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal))
                .ThenBy(q => q.Name, StringComparer.Ordinal)
                .Select(q => new QueueView(
                    q.Name, q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal), q.Messages ?? 0, q.MessagesReady ?? 0,
                    q.MessagesUnacknowledged ?? 0, q.Consumers ?? 0, q.MessageStats?.PublishDetails?.Rate,
                    q.MessageStats?.DeliverGetDetails?.Rate))], null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ([], $"The RabbitMQ management API at {options.Value.RabbitMqManagementUrl} is not reachable: {e.Message}");
        }
    }

    private sealed record WatcherStatusBody(string? Role, string? Inbox, long? Waiting, double? LastScanAgeSeconds, double? BrokerTroubleSeconds);

    // Counts are absent for a queue the management plugin has not sampled yet.
    private sealed record QueueBody(
        string Name,
        long? Messages,
        [property: JsonPropertyName("messages_ready")] long? MessagesReady,
        [property: JsonPropertyName("messages_unacknowledged")] long? MessagesUnacknowledged,
        int? Consumers,
        [property: JsonPropertyName("message_stats")] MessageStats? MessageStats);

    private sealed record MessageStats(
        [property: JsonPropertyName("publish_details")] RateDetails? PublishDetails,
        [property: JsonPropertyName("deliver_get_details")] RateDetails? DeliverGetDetails);

    private sealed record RateDetails(double Rate);
}
