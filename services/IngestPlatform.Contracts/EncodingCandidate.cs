namespace IngestPlatform.Contracts;

/// <summary>An encoding the normalizer weighed when the choice was close, and its share of the evidence.</summary>
/// <param name="Encoding">The encoding's name (e.g. <c>ibm866</c>).</param>
/// <param name="Score">Its share of the evidence, 0-1; the candidates of one document sum to about 1.</param>
public sealed record EncodingCandidate(string Encoding, double Score);
