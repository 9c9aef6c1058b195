using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// The API in memory, reading the given database. Keyed on <see cref="ApiOptions"/> rather than
/// <c>Program</c>: storage and the normalizer, referenced too, have a <c>Program</c> of their own.
/// </summary>
public sealed class ApiFactory(string? connectionString, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<ApiOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting($"ConnectionStrings:{ApiOptions.ConnectionStringName}", connectionString ?? "");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
