using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IngestPlatform.Contracts.Vocabulary;

namespace IngestPlatform.ServiceDefaults;

/// <summary>A queue as RabbitMQ's management API reports it (its figures are sampled every few seconds).</summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Messages">Messages ready plus unacknowledged.</param>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages delivered and not yet acknowledged.</param>
/// <param name="Consumers">Consumers attached.</param>
/// <param name="PublishRate">Messages published to it per second, averaged by RabbitMQ; null before any traffic.</param>
/// <param name="DeliverRate">Messages delivered from it per second; null before any traffic.</param>
public sealed record ManagedQueue(
    string Name, long Messages, long Ready, long Unacknowledged, int Consumers, double? PublishRate, double? DeliverRate)
{
    private const string ErrorSuffix = "_error";

    /// <summary>MassTransit's dead-letter queue of a stage (<c>&lt;queue&gt;_error</c>).</summary>
    public bool IsErrorQueue => Name.EndsWith(ErrorSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The stage whose service consumes the queue (<see cref="QueueNames.All"/>); for an <c>_error</c> queue, the one
    /// whose dead letters it holds. Null for a queue not of the pipeline.
    /// </summary>
    public string? ConsumedBy => PipelineOrder < QueueNames.All.Count ? QueueNames.All[PipelineOrder].ConsumedBy : null;

    /// <summary>The position in <see cref="QueueNames.All"/> of this queue, or of the queue it is the <c>_error</c> queue of; else past the end.</summary>
    internal int PipelineOrder
    {
        get
        {
            var queue = IsErrorQueue ? Name[..^ErrorSuffix.Length] : Name;
            var position = 0;
            while (position < QueueNames.All.Count && QueueNames.All[position].Name != queue)
            {
                position++;
            }

            return position;
        }
    }
}

/// <summary>Reads the queues of the services' virtual host from RabbitMQ's management API (the dashboard and the admin tool's <c>status</c>).</summary>
public static class RabbitMqManagement
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The stage queues in pipeline order (<see cref="QueueNames.All"/>), then the <c>_error</c> queues in the same order,
    /// queues not of the pipeline last, by name; MassTransit's temporary bus queues (one per
    /// running bus instance) are left out. Throws <see cref="HttpRequestException"/> when the API does not answer, or
    /// answers with an error (its <see cref="HttpRequestException.StatusCode"/> set then).
    /// </summary>
    /// <param name="http">The client to ask with (its timeout or the token bounds the wait).</param>
    /// <param name="managementUrl">The management API's base address, e.g. <c>http://127.0.0.1:15672/</c>.</param>
    /// <param name="broker">The user, password and virtual host the services use.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public static async Task<IReadOnlyList<ManagedQueue>> ReadQueuesAsync(
        HttpClient http, Uri managementUrl, RabbitMqOptions broker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(broker);
        var url = new Uri(managementUrl,
            $"api/queues/{Uri.EscapeDataString(broker.VirtualHost)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers,message_stats");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Username}:{broker.Password}")));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The RabbitMQ management API at {managementUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var queues = await response.Content.ReadFromJsonAsync<List<QueueBody>>(Json, cancellationToken) ?? [];
        return [.. queues
            .Where(q => !q.Name.Contains("_bus_", StringComparison.Ordinal))
            .Select(q => new ManagedQueue(
                q.Name, q.Messages ?? 0, q.MessagesReady ?? 0, q.MessagesUnacknowledged ?? 0, q.Consumers ?? 0,
                q.MessageStats?.PublishDetails?.Rate, q.MessageStats?.DeliverGetDetails?.Rate))
            .OrderBy(q => q.IsErrorQueue)
            .ThenBy(q => q.PipelineOrder)
            .ThenBy(q => q.Name, StringComparer.Ordinal)];
    }

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
