namespace IngestPlatform.TestSupport;

/// <summary>Asks a service on this machine for one of its endpoints (<c>/health</c>, <c>/alive</c>, <c>/status</c>).</summary>
public static class HttpProbe
{
    /// <summary>The status code and body; status 0 (and the error's message) when nothing answered in time.</summary>
    public static async Task<(int Status, string Body)> GetAsync(HttpClient http, int port, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, e.Message);
        }
    }
}
