using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using IngestPlatform.Contracts;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Finds the encoding of a file and decodes it: byte-order mark, UTF-16/32 without a mark, strict UTF-8, the
/// escape sequences of the ISO-2022 family, then every common legacy code page that decodes the bytes. Candidates
/// whose text is implausible (<see cref="DecodingPlausibility"/>) are dropped; when the rest decode the bytes to
/// different texts, a letter language model (<see cref="LetterModels"/>) picks the text some language explains best.
/// Never returns mojibake knowingly: what cannot be decoded with confidence is rejected with the reason. Stateless
/// and thread-safe.
/// </summary>
public static class TextDecoder
{
    /// <summary>Below this confidence the result lists the candidates that were weighed.</summary>
    public const double CloseChoice = 0.9;

    // Enough bytes for the statistics to settle; detecting on a 50 MB file would cost seconds for no better answer.
    private const int SampleBytes = 64 * 1024;

    // Single-byte candidates (45 of them) are decoded and scored on this much: plausibility and the language model
    // settle well within it, and decoding 64 KB 45 times cost more than everything else.
    private const int SingleByteSampleBytes = 16 * 1024;

    // The language model reads the words holding non-ASCII characters (where code pages differ) in this many first
    // bytes, the same bytes for every candidate so their costs compare.
    private const int ModelBytes = 8 * 1024;
    private const int ModelCandidates = 10;

    // Tuned on UDHR (see docs/decoding.md): the plausibility below which a decoding is mojibake, and the confidence
    // below which two decodings are too close to call, so the file is refused rather than guessed.
    private const double MinimumPlausibility = 0.2;
    private const double MinimumConfidence = 0.5;
    private const double PlausibilityMargin = 0.3;

    // Nats per letter (of the words holding non-ASCII characters) above which no language of the model explains
    // the best text: Lingua's languages measure 2.5-3.5 on UDHR, Breton, Quechua and Guarani 3.6-4. Tuned on UDHR.
    private const double UnknownLanguageCost = 3.6;
    private const double PriorWeightWithoutModel = 0.2;

    // Characters in which the most different rival text differs, below which the language model's verdict is noise.
    private const int MinimumEvidence = 3;

    // Of the non-ASCII characters a CJK decoding yields, the share that must be Han, kana, Hangul or CJK punctuation.
    private const double MinimumCjkShare = 0.8;

    /// <summary>
    /// Single-byte code pages, in order of preference when several yield the same text (windows-1252 before
    /// ISO-8859-15 before the DOS page that happens to agree on every byte of the file). ISO-8859-1 answers only
    /// for files with bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    /// </summary>
    private static readonly (string Name, int CodePage)[] SingleByte =
    [
        ("windows-1252", 1252), ("iso-8859-1", 28591), ("iso-8859-15", 28605), ("windows-1250", 1250), ("iso-8859-2", 28592),
        ("windows-1251", 1251), ("koi8-r", 20866), ("koi8-u", 21866), ("iso-8859-5", 28595), ("ibm866", 866),
        ("windows-1253", 1253), ("iso-8859-7", 28597), ("windows-1254", 1254), ("iso-8859-9", 28599),
        ("windows-1255", 1255), ("iso-8859-8", 28598), ("windows-1256", 1256), ("iso-8859-6", 28596),
        ("windows-1257", 1257), ("iso-8859-13", 28603), ("iso-8859-4", 28594), ("windows-1258", 1258),
        ("windows-874", 874), ("iso-8859-3", 28593), ("iso-8859-10", 0), ("iso-8859-14", 0), ("iso-8859-16", 0),
        ("macintosh", 10000), ("x-mac-ce", 10029), ("x-mac-cyrillic", 10007), ("x-mac-greek", 10006),
        ("ibm850", 850), ("ibm437", 437), ("ibm852", 852), ("ibm855", 855), ("ibm857", 857), ("ibm860", 860),
        ("ibm861", 861), ("ibm862", 862), ("ibm863", 863), ("ibm864", 864), ("ibm865", 865), ("ibm869", 869),
        ("ibm737", 737), ("ibm775", 775),
    ];

    /// <summary>Multi-byte CJK encodings with a strict grammar; windows-949 stands for EUC-KR, which it extends.</summary>
    private static readonly (string Name, int CodePage)[] MultiByte =
    [
        ("shift_jis", 932), ("euc-jp", 51932), ("euc-kr", 949), ("gb18030", 54936), ("big5", 950), ("johab", 1361),
    ];

    private static readonly ConcurrentDictionary<string, Encoding> Encodings = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, IReadOnlySet<char>> Repertoires = new(StringComparer.OrdinalIgnoreCase);

    static TextDecoder()
    {
        // Legacy code pages are not in .NET by default; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Every encoding the decoder may answer, by the name it answers with.</summary>
    public static IEnumerable<string> KnownEncodings =>
        new[] { "utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be", "iso-2022-jp", "iso-2022-kr", "hz-gb-2312" }
            .Concat(MultiByte.Select(m => m.Name))
            .Concat(SingleByte.Select(s => s.Name));

    public static DecodingResult Decode(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return Reject(RefusalReasons.Empty, "The file is empty.");
        }

        if (DecodeWithByteOrderMark(content) is { } withBom)
        {
            return withBom;
        }

        if (BinarySignatures.Identify(content) is { } format)
        {
            return Reject(RefusalReasons.Binary, $"The file is binary ({format}), not text.");
        }

        var sample = content[..Math.Min(content.Length, SampleBytes)];

        // Before the NUL test: UTF-16 of Latin text is half NULs. Valid UTF-8 without NULs is never taken for
        // UTF-16, whose byte pairs can always be read as some character.
        if ((sample.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(sample)) && UnicodeWithoutBom.Detect(sample) is { } unicode)
        {
            return TryDecode(StrictEncoding(unicode), EvenLength(content, unicode), out var text, out var badOffset)
                ? Accept(unicode, 0.99, text)
                : Reject(RefusalReasons.Undecodable, $"The file looks like {unicode} without a byte-order mark but holds invalid {unicode} at byte {badOffset}.");
        }

        // Before the control-character test: ISO-2022-KR shifts with SO and SI.
        if (TryStateful(content) is { } stateful)
        {
            return stateful;
        }

        if (LooksBinary(sample) is { } binaryReason)
        {
            return Reject(RefusalReasons.Binary, binaryReason);
        }

        var utf8 = TryUtf8(content);
        if (utf8 is not null)
        {
            return utf8;
        }

        return DetectLegacy(content, sample);
    }

    /// <summary>Decodes <paramref name="content"/> with the named encoding, strictly; for tests and tools.</summary>
    public static bool TryDecodeAs(string encoding, ReadOnlySpan<byte> content, out string text) =>
        TryDecode(StrictEncoding(encoding), content, out text, out _);

    /// <summary>The decoder's own <see cref="Encoding"/> for a name it answers with (strict: it throws on invalid bytes).</summary>
    public static Encoding GetEncoding(string name) => StrictEncoding(name);

    private static ReadOnlySpan<byte> EvenLength(ReadOnlySpan<byte> content, string unicode)
    {
        // A file cut mid-unit: everything before the cut is sound, as for a cut UTF-8 sequence.
        var unit = unicode.StartsWith("utf-32", StringComparison.Ordinal) ? 4 : 2;
        return content[..(content.Length - (content.Length % unit))];
    }

    private static DecodingResult? DecodeWithByteOrderMark(ReadOnlySpan<byte> content)
    {
        // UTF-32 LE before UTF-16 LE: its mark starts with the same two bytes.
        (string Name, int Length)? bom = content switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ("utf-8", 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => ("utf-32le", 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => ("utf-32be", 4),
            [0xFF, 0xFE, ..] => ("utf-16le", 2),
            [0xFE, 0xFF, ..] => ("utf-16be", 2),
            _ => null,
        };
        if (bom is not { } mark)
        {
            return null;
        }

        var encoding = StrictEncoding(mark.Name);
        var body = content[mark.Length..];
        if (mark.Name != "utf-8")
        {
            body = EvenLength(body, mark.Name);
        }

        return TryDecode(encoding, body, out var text, out var badOffset)
            ? Accept(mark.Name, 1.0, text)
            : Reject(RefusalReasons.Undecodable, $"The file starts with a {mark.Name} byte-order mark but holds invalid {mark.Name} at byte {badOffset + mark.Length}.");
    }

    private static string? LooksBinary(ReadOnlySpan<byte> sample)
    {
        var nul = sample.Count((byte)0);
        if (nul * 100 > sample.Length)
        {
            return $"The file is binary: {nul} of its first {sample.Length} bytes are NUL, which text never holds.";
        }

        // ESC stays allowed: ISO-2022 encodings switch character sets with it.
        var controls = 0;
        foreach (var b in sample)
        {
            if (b is < 0x09 or (> 0x0D and < 0x20) && b != 0x1B)
            {
                controls++;
            }
        }

        return controls * 20 > sample.Length
            ? $"The file is binary: {controls} of its first {sample.Length} bytes are control characters."
            : null;
    }

    /// <summary>
    /// 7-bit encodings that switch character sets with escape sequences (ISO-2022-JP, ISO-2022-KR) or tildes (HZ).
    /// Their designators are unambiguous, so the grammar decides, not statistics.
    /// </summary>
    private static DecodingResult? TryStateful(ReadOnlySpan<byte> content)
    {
        if (!Ascii.IsValid(content))
        {
            return null;
        }

        string? name = null;
        if (content.IndexOf("\u001b$)C"u8) >= 0)
        {
            name = "iso-2022-kr";
        }
        else if (content.IndexOf("\u001b$B"u8) >= 0 || content.IndexOf("\u001b$@"u8) >= 0 || content.IndexOf("\u001b(J"u8) >= 0)
        {
            name = "iso-2022-jp";
        }
        else if (content.IndexOf("~{"u8) >= 0 && content.IndexOf("~}"u8) >= 0)
        {
            name = "hz-gb-2312";
        }

        if (name is null || !TryDecode(StrictEncoding(name), content, out var text, out _))
        {
            return null;
        }

        // A decoder that left escapes or shift codes in the text did not understand the file.
        return text.Contains('\u001b') || text.Contains('\u000e') || CjkShare(text) < MinimumCjkShare ? null : Accept(name, 0.99, text);
    }

    private static DecodingResult? TryUtf8(ReadOnlySpan<byte> content)
    {
        if (Ascii.IsValid(content))
        {
            return Accept("utf-8", 1.0, Encoding.ASCII.GetString(content));
        }

        if (TryDecode(StrictEncoding("utf-8"), content, out var text, out var badOffset))
        {
            return Accept("utf-8", 1.0, text);
        }

        // Many well-formed multi-byte sequences and a few bad ones is damaged UTF-8, not a legacy code page:
        // decoding it as windows-1252 would turn every accent into mojibake.
        var (valid, invalid) = CountUtf8Sequences(content[..Math.Min(content.Length, SampleBytes)]);
        return valid > 0 && valid >= invalid
            ? Reject(RefusalReasons.Undecodable, $"The file is UTF-8 ({valid} valid multi-byte sequences) but has an invalid UTF-8 sequence at byte {badOffset}.")
            : null;
    }

    private static (int Valid, int Invalid) CountUtf8Sequences(ReadOnlySpan<byte> sample)
    {
        int valid = 0, invalid = 0;
        var i = 0;
        while (i < sample.Length)
        {
            if (sample[i] < 0x80)
            {
                i++;
                continue;
            }

            var status = Rune.DecodeFromUtf8(sample[i..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                valid++;
            }
            else if (status == OperationStatus.InvalidData)
            {
                invalid++;
            }

            i += Math.Max(consumed, 1);
        }

        return (valid, invalid);
    }

    private sealed record Candidate(string Name, string Text, double Plausibility, bool IsMultiByte)
    {
        public double Cost { get; set; }

        public int Letters { get; set; }
    }

    private static DecodingResult DetectLegacy(ReadOnlySpan<byte> content, ReadOnlySpan<byte> sample)
    {
        // Every encoding that decodes the sample; the same text from several code pages counts once, under the
        // preferred name.
        var candidates = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in MultiByte)
        {
            // At least two double-byte characters: a lone "£" that Shift_JIS reads as a half-width katakana is no evidence.
            if (TryDecode(StrictEncoding(name), sample, out var text, out _) && sample.Length - text.Length >= 2
                && CjkShare(text) >= MinimumCjkShare && seen.Add(text))
            {
                candidates.Add(new Candidate(name, text, 1.0, IsMultiByte: true));
            }
        }

        var singleByteSample = sample[..Math.Min(sample.Length, SingleByteSampleBytes)];
        foreach (var (name, _) in SingleByte)
        {
            if (TryDecode(StrictEncoding(name), singleByteSample, out var text, out _) && !seen.Contains(text))
            {
                seen.Add(text);
                var plausibility = DecodingPlausibility.Score(text);
                if (plausibility >= MinimumPlausibility)
                {
                    candidates.Add(new Candidate(name, text, plausibility, IsMultiByte: false));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return Reject(RefusalReasons.Undecodable, "The file is not UTF-8 and no known encoding decodes it to plausible text.");
        }

        // The language model judges between plausible texts only: a decoding far less plausible than the best is
        // mojibake however well some language happens to explain its letters.
        var mostPlausible = candidates.Max(c => c.Plausibility);
        candidates.RemoveAll(c => c.Plausibility < mostPlausible - PlausibilityMargin);

        // The model costs about a millisecond a candidate: the ten most plausible are where the answer is.
        if (candidates.Count > ModelCandidates)
        {
            candidates = [.. candidates.OrderByDescending(c => c.Plausibility).Take(ModelCandidates)];
        }

        var ranked = Rank(candidates, sample[..Math.Min(sample.Length, ModelBytes)]);
        var chosen = ranked[0];
        if (chosen.Score < MinimumConfidence)
        {
            return Reject(RefusalReasons.AmbiguousEncoding, $"The file is not UTF-8 and its encoding is ambiguous: {string.Join(", ", ranked.Take(3).Select(c => $"{c.Encoding} ({c.Score:F2})"))}.");
        }

        if (!TryDecode(StrictEncoding(chosen.Encoding), content, out var decoded, out var offset))
        {
            // A byte past the sample the chosen code page leaves undefined: the file is not in it after all.
            return Reject(RefusalReasons.Undecodable, $"The file looks like {chosen.Encoding} but byte {offset} is undefined in it.");
        }

        var confidence = Math.Round(Math.Min(chosen.Score, candidates.First(c => c.Name == chosen.Encoding).Plausibility), 2);
        return new DecodingResult(
            new DecodedText(chosen.Encoding, confidence, decoded, confidence < CloseChoice ? ranked.Take(5).ToList() : []),
            null,
            null);
    }

    /// <summary>
    /// The candidates, best first, each with its share of the evidence: a softmax over the language model's cost
    /// difference from the best text, tempered by the square root of the number of characters where they differ
    /// (the model treats neighbouring letters as independent evidence, which they are not quite), so a file whose
    /// code pages disagree on three letters is judged by those three letters, and a thousand-letter disagreement
    /// does not make the softmax absurdly certain.
    /// </summary>
    private static List<DecodingCandidate> Rank(List<Candidate> candidates, ReadOnlySpan<byte> modelBytes)
    {
        if (candidates.Count == 1)
        {
            return [new DecodingCandidate(candidates[0].Name, 1.0)];
        }

        var model = LetterModels.Instance;
        var letters = 0;
        foreach (var candidate in candidates)
        {
            var text = candidate.IsMultiByte
                ? TryDecode(StrictEncoding(candidate.Name), modelBytes, out var prefix, out _) ? prefix : candidate.Text
                : candidate.Text[..Math.Min(candidate.Text.Length, modelBytes.Length)];
            var words = ModelWordsOf(text);
            candidate.Cost = model.Explain(words, candidate.IsMultiByte ? null : RepertoireOf(candidate.Name)).Cost;
            candidate.Letters = words.Count(char.IsLetter);
        }

        var best = candidates.MinBy(c => c.Cost)!;
        letters = best.Letters;
        var differing = candidates.Where(c => c != best).Select(c => Differences(c.Text, best.Text)).DefaultIfEmpty(0).Max();
        if (!best.IsMultiByte && IsMostlyLatin(best.Text)
            && (best.Cost / Math.Max(1, letters) > UnknownLanguageCost || differing < MinimumEvidence))
        {
            // No language of the model explains the text (Breton, Quechua, Guarani...), or the file has so few
            // non-ASCII bytes that no two candidates differ in more than a character or two: the model's judgement
            // between Latin code pages is a guess, so rank as the plausibility score and the code pages' prior say.
            var scores = candidates
                .Select(c => (c.Name, Score: c.IsMultiByte ? 0 : Math.Max(0, c.Plausibility - (PriorWeightWithoutModel * Prior(c.Name)))))
                .ToList();
            var sum = scores.Sum(s => s.Score);
            return scores
                .OrderByDescending(s => s.Score)
                .Select(s => new DecodingCandidate(s.Name, Math.Round(s.Score / Math.Max(sum, 1e-9), 3)))
                .ToList() is var ranked && ranked[0].Score < MinimumConfidence && ranked.Count > 1
                    ? [ranked[0] with { Score = Math.Round(Math.Min(0.6, scores.Max(s => s.Score)), 3) }, .. ranked.Skip(1)]
                    : ranked;
        }

        var weights = candidates
            .Select(c => (c.Name, Weight: Math.Exp(-((c.Cost - best.Cost) / Math.Sqrt(Math.Max(1, Differences(c.Text, best.Text)))) - Prior(c.Name))))
            .ToList();
        var total = weights.Sum(w => w.Weight);
        return weights
            .OrderByDescending(w => w.Weight)
            .Select(w => new DecodingCandidate(w.Name, Math.Round(w.Weight / total, 3)))
            .ToList();
    }

    private static bool IsMostlyLatin(string text)
    {
        int latin = 0, other = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                _ = c < 0x0250 ? latin++ : other++;
            }
        }

        return latin > 4 * other;
    }

    /// <summary>
    /// How much rarer a code page is than the Windows and ISO pages of the web, in nats: it decides near-ties only,
    /// such as a file whose one non-ASCII byte reads "£" in windows-1252 and "г" in IBM866. Set by judgement (no
    /// corpus holds DOS and Mac files in realistic proportions); the rare ISO parts' 1 was checked on UDHR (Guarani).
    /// </summary>
    private static double Prior(string name) => name switch
    {
        "windows-1252" or "windows-1250" or "windows-1251" => 0,
        // windows-1258 writes Vietnamese tones as combining marks, which NFC turns into plausible letters ("ĺ")
        // on text that is not Vietnamese at all.
        "windows-1258" => 1.5,
        _ when name.StartsWith("windows-", StringComparison.Ordinal) => 0.5,
        // The Nordic, Celtic, South-Eastern, Latin-3 and Baltic ISO parts: rare outside their languages.
        "iso-8859-3" or "iso-8859-4" or "iso-8859-10" or "iso-8859-14" or "iso-8859-16" => 1,
        _ when name.StartsWith("iso-8859-", StringComparison.Ordinal) || name.StartsWith("koi8", StringComparison.Ordinal) => 0.5,
        _ when name.StartsWith("ibm", StringComparison.Ordinal) || name.StartsWith("x-mac", StringComparison.Ordinal) || name == "macintosh" => 1,
        _ => 0,
    };

    /// <summary>
    /// The words that hold non-ASCII characters, split only at ASCII spaces and punctuation, so every single-byte
    /// candidate is judged on the same stretches of bytes. All-ASCII words are left out: they are the same in every
    /// candidate, and in web pages they are markup that would make every candidate's best language a Latin one.
    /// </summary>
    private static string ModelWordsOf(string text)
    {
        var words = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && (text[i] >= 0x80 || char.IsAsciiLetterOrDigit(text[i])))
            {
                continue;
            }

            var word = text.AsSpan(start, i - start);
            if (word.ContainsAnyExceptInRange((char)0, (char)0x7F))
            {
                words.Append(word).Append(' ');
            }

            start = i + 1;
        }

        return words.ToString();
    }

    private static int Differences(string a, string b)
    {
        if (a.Length != b.Length)
        {
            // Different lengths: a multi-byte decoding against another; every non-ASCII character may differ.
            var nonAscii = 0;
            foreach (var c in b)
            {
                nonAscii += c >= 0x80 ? 1 : 0;
            }

            return nonAscii;
        }

        var differences = 0;
        for (var i = 0; i < a.Length; i++)
        {
            differences += a[i] != b[i] ? 1 : 0;
        }

        return differences;
    }

    /// <summary>
    /// Of the non-ASCII characters, the share that are Han, kana, Hangul or CJK punctuation. Box drawing, shapes and
    /// general punctuation, which every CJK double-byte set also holds (Korean README files drawn in "▒"), count
    /// for neither side. Nor does a CJK character alone inside a Latin word ("be飊vloeden", "PID磗"): that is what a
    /// double-byte set makes of an accented letter followed by an ASCII one, and it made Latin-1 Dutch with four
    /// accents read as Chinese, while real CJK text writes its characters in runs next to Latin words, not inside them.
    /// </summary>
    private static double CjkShare(string text)
    {
        int nonAscii = 0, cjk = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80 || c is (>= '\u2010' and <= '\u203B') or (>= '\u2500' and <= '\u25FF'))
            {
                continue;
            }

            nonAscii++;
            if (i > 0 && char.IsAsciiLetter(text[i - 1]) && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))
            {
                continue;
            }

            if (c is (>= '\u3000' and <= '\u30FF') or (>= '\u3130' and <= '\u318F') or (>= '\u3400' and <= '\u4DBF')
                or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7A3') or (>= '\uFF00' and <= '\uFFEF'))
            {
                cjk++;
            }
        }

        return nonAscii == 0 ? 0 : (double)cjk / nonAscii;
    }

    /// <summary>
    /// Decodes strictly. A sequence cut off by the end of the input (a file truncated mid-character)
    /// is dropped, not reported: everything before it is sound.
    /// </summary>
    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes, out string text, out long badOffset)
    {
        var decoder = encoding.GetDecoder();
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, encoding.GetMaxCharCount(bytes.Length)));
        try
        {
            var written = decoder.GetChars(bytes, chars, flush: false);
            text = new string(chars, 0, written);
            badOffset = -1;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            text = string.Empty;
            badOffset = e.Index;
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Encoding StrictEncoding(string name) => Encodings.GetOrAdd(
        name,
        n => n switch
        {
            "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            "utf-32le" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
            "utf-32be" => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
            "iso-8859-10" => Iso8859Encoding.Latin6Nordic,
            "iso-8859-14" => Iso8859Encoding.Latin8Celtic,
            "iso-8859-16" => Iso8859Encoding.Latin10SouthEastern,
            _ => Encoding.GetEncoding(CodePageOf(n), EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback),
        });

    /// <summary>The lower-case letters a single-byte code page can write (for <see cref="LetterModels.Explain"/>).</summary>
    private static IReadOnlySet<char> RepertoireOf(string name) => Repertoires.GetOrAdd(name, n =>
    {
        var letters = new HashSet<char>();
        var encoding = StrictEncoding(n);
        for (var b = 0x80; b <= 0xFF; b++)
        {
            if (TryDecode(encoding, [(byte)b], out var text, out _) && text.Length == 1 && char.IsLetter(text[0]))
            {
                letters.Add(char.ToLowerInvariant(text[0]));
            }
        }

        return letters;
    });

    private static int CodePageOf(string name) =>
        SingleByte.Concat(MultiByte).FirstOrDefault(e => e.Name == name).CodePage is > 0 and var codePage
            ? codePage
            : Encoding.GetEncoding(name).CodePage;

    private static DecodingResult Accept(string encoding, double confidence, string text) => new(new DecodedText(encoding, confidence, text), null, null);

    private static DecodingResult Reject(string code, string reason) => new(null, reason, code);
}
