using IngestPlatform.LanguageDetector.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Tests;

/// <summary>
/// The language set and the accuracy/speed trade-off are validated when the host starts (ValidateOnStart), so a
/// bad setting stops the service with a message naming it instead of surfacing at the first message. The host
/// is built as Program.cs builds it; validation runs before any hosted service, so no broker is needed.
/// </summary>
public class When_the_service_starts_with_bad_settings
{
    [Theory]
    [InlineData("LanguageDetection:Languages:0", "xx", "unknown ISO 639-1 code")]
    [InlineData("LanguageDetection:SampleLength", "10", "SampleLength")]
    [InlineData("LanguageDetection:ShortTextLength", "-1", "ShortTextLength")]
    [InlineData("LanguageDetection:MinimumConfidence", "1.5", "MinimumConfidence")]
    [InlineData("LanguageDetection:MaximumSurprise", "0", "MaximumSurprise")]
    [InlineData("LanguageDetection:MinimumSegmentLength", "2", "MinimumSegmentLength")]
    [InlineData("LanguageDetection:ConcurrentMessageLimit", "0", "ConcurrentMessageLimit")]
    [InlineData("LanguageDetection:IndexPath", "/nonexistent/ngram-index.bin", "IndexPath")]
    public async Task Should_refuse_to_start_and_name_the_setting(string key, string value, string named)
    {
        using var host = Build(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_a_restricted_language_set_and_a_cheaper_trade_off()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["LanguageDetection:Languages:0"] = "fr",
            ["LanguageDetection:Languages:1"] = "en",
            ["LanguageDetection:SampleLength"] = "500",
            ["LanguageDetection:MaximumSurprise"] = "6",
        });

        var options = host.Services.GetRequiredService<IOptions<LanguageDetectionOptions>>().Value;

        Assert.Equal(["fr", "en"], options.Languages);
        Assert.Equal(500, options.SampleLength);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLanguageDetector();
        return builder.Build();
    }
}
