using System.Net;
using System.Security.Cryptography;
using System.Text;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Api;

/// <summary>
/// Refuses to start when the API listens beyond loopback without <see cref="ApiOptions.Token"/>: the documents and
/// failures it serves are the users' data, and anyone who can reach a non-loopback address could read them.
/// </summary>
internal sealed class ApiAccessValidation(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return options.Token.Length >= ApiAccess.MinimumTokenLength
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Api:Token must be at least {ApiAccess.MinimumTokenLength} characters long.");
        }

        return ApiAccess.NonLoopbackAddresses(configuration) is { Count: > 0 } exposed
            ? ValidateOptionsResult.Fail(
                $"The API listens on {string.Join(", ", exposed)}, beyond loopback, but Api:Token (environment Api__Token) is not set: " +
                "set a token, or listen on 127.0.0.1 only.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>
/// Bearer-token check for every request but the health probes (an orchestrator has no token) and the dashboard's
/// static files (they hold no data; the page asks for the token and sends it with each request it makes).
/// </summary>
internal static class ApiAccess
{
    public const int MinimumTokenLength = 16;

    /// <summary>The listening addresses the configuration names that are not loopback (<c>*</c>, <c>+</c>, 0.0.0.0, a host name...).</summary>
    public static IReadOnlyList<string> NonLoopbackAddresses(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } serverUrls)
        {
            urls.AddRange(serverUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        // HTTP_PORTS / HTTPS_PORTS listen on every interface.
        foreach (var key in new[] { WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey })
        {
            if (configuration[key] is { Length: > 0 } ports)
            {
                urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
            }
        }

        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return [.. urls.Where(url => !IsLoopback(url))];
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URIs: they are every interface.
        var hostStart = url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0;
        var host = url[hostStart..].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    public static WebApplication UseApiAccess(this WebApplication app)
    {
        var token = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return app;
        }

        var expected = Encoding.UTF8.GetBytes(token);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath)
                || IsDashboardFile(path) || HasToken(context.Request, expected))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new { title = "A bearer token is required (Authorization: Bearer <Api:Token>)." });
        });
        return app;
    }

    private static bool IsDashboardFile(PathString path) =>
        path == "/" || path.StartsWithSegments("/dashboard");

    private static bool HasToken(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), expected);
    }
}
