using System.Text;
using IngestPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults.Payloads;

/// <summary>Registers the claim-check store and the byte budget, and reads or writes content inline or by claim check.</summary>
public static class PayloadExtensions
{
    /// <summary>Adds <see cref="PayloadStore"/> and <see cref="PayloadBudget"/> with validated <see cref="PayloadOptions"/>.</summary>
    public static IHostApplicationBuilder AddPayloads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPayloadStore().BindConfiguration(PayloadOptions.SectionName);
        return builder;
    }

    /// <summary>
    /// Adds <see cref="PayloadStore"/> and <see cref="PayloadBudget"/> with validated options, not yet bound to
    /// configuration (a consumer test's container has none: it gets the defaults).
    /// </summary>
    public static OptionsBuilder<PayloadOptions> AddPayloadStore(this IServiceCollection services)
    {
        services.AddSingleton<PayloadStore>();
        services.AddSingleton<PayloadBudget>();
        return services.AddOptions<PayloadOptions>().ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>A text to put in a message: itself when small, else empty with a claim check to the stored UTF-8.</summary>
    public static async Task<(string Inline, PayloadReference? Payload)> InlineOrStoreAsync(
        this PayloadStore store, string text, CancellationToken cancellationToken)
    {
        // Three UTF-8 bytes at most per UTF-16 unit: most texts are decided without counting.
        if (text.Length * 3L <= store.InlineLimit || Encoding.UTF8.GetByteCount(text) <= store.InlineLimit)
        {
            return (text, null);
        }

        return ("", await store.PutTextAsync(text, cancellationToken));
    }

    /// <summary>The text a message carries inline or by claim check.</summary>
    public static Task<string> TextAsync(this PayloadStore store, string inline, PayloadReference? payload, CancellationToken cancellationToken) =>
        payload is null ? Task.FromResult(inline) : store.ReadTextAsync(payload, cancellationToken);

    /// <summary>The document with both texts in hand, whether they travelled inline or by claim check.</summary>
    public static async Task<DocumentNormalized> WithTextsAsync(this PayloadStore store, DocumentNormalized document, CancellationToken cancellationToken) =>
        document.TextPayload is null && document.OriginalTextPayload is null
            ? document
            : document with
            {
                Text = await store.TextAsync(document.Text, document.TextPayload, cancellationToken),
                OriginalText = await store.TextAsync(document.OriginalText, document.OriginalTextPayload, cancellationToken),
                TextPayload = null,
                OriginalTextPayload = null,
            };

    /// <summary>The size of the document's two texts (UTF-8 bytes when stored, characters when inline): its weight in the budget.</summary>
    public static long PayloadBytes(this DocumentNormalized document) =>
        (document.TextPayload?.Length ?? document.Text?.Length ?? 0) + (document.OriginalTextPayload?.Length ?? document.OriginalText?.Length ?? 0);
}
