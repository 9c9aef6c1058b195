using IngestPlatform.Contracts;

namespace IngestPlatform.ServiceDefaults.Payloads;

/// <summary>A claim check whose payload is not (or no longer) in the store, or does not match its hash.</summary>
public sealed class PayloadMissingException(PayloadReference reference, string why)
    : Exception($"The payload {reference.Sha256} ({reference.Length} bytes) {why}.");
