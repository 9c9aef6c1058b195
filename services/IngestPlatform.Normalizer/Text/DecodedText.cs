namespace IngestPlatform.Normalizer.Text;

/// <summary>Bytes turned into text, with the encoding used and how sure the choice was (0-1).</summary>
/// <param name="Candidates">
/// When the choice was close (<paramref name="Confidence"/> below <see cref="TextDecoder.CloseChoice"/>), the encodings
/// considered, best first, with their share of the evidence (0-1); empty otherwise.
/// </param>
public sealed record DecodedText(string Encoding, double Confidence, string Text, IReadOnlyList<DecodingCandidate> Candidates)
{
    public DecodedText(string encoding, double confidence, string text)
        : this(encoding, confidence, text, [])
    {
    }
}

/// <summary>An encoding the decoder weighed, and its share of the evidence (0-1).</summary>
public sealed record DecodingCandidate(string Encoding, double Score);

/// <summary>Either decoded text or the reason the bytes are not text, in words and as one of <c>RefusalReasons</c>.</summary>
public sealed record DecodingResult(DecodedText? Decoded, string? RejectionReason, string? RejectionCode);
