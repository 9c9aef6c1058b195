namespace IngestPlatform.Normalizer.Text;

/// <summary>Bytes turned into text, with the encoding used and how sure the choice was (0-1).</summary>
public sealed record DecodedText(string Encoding, double Confidence, string Text);

/// <summary>Either decoded text or the reason the bytes are not text.</summary>
public sealed record DecodingResult(DecodedText? Decoded, string? RejectionReason);
