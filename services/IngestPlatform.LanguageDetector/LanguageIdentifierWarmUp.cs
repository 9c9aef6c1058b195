using IngestPlatform.LanguageDetector.Detection;

namespace IngestPlatform.LanguageDetector;

/// <summary>
/// Loads the identifier (the n-gram index, or Lingua's models) while the host starts, before the bus does,
/// so the first message does not pay for it and a broken index stops the service at start-up.
/// </summary>
internal sealed class LanguageIdentifierWarmUp(ILanguageIdentifier identifier, ILogger<LanguageIdentifierWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var guess = identifier.Identify("Tous les êtres humains naissent libres et égaux en dignité et en droits.");
        logger.LogInformation("Language identifier {Identifier} ready ({Language})", identifier.GetType().Name, guess.Language);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
