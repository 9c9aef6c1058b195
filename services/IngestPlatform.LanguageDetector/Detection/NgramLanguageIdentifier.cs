using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>
/// Lingua's method (naive Bayes over Lingua's own n-gram models, backing off to shorter n-grams) scored
/// through an <see cref="NgramIndex"/>, on a bounded, evenly spread sample of long documents. No
/// allocation per n-gram: the text is lowered into a pooled buffer and per-call state lives on the stack,
/// so instances are thread-safe.
/// </summary>
public sealed class NgramLanguageIdentifier : ILanguageIdentifier
{
    // What a language gains for each n-gram its model knows (at any order): this floor minus the n-gram's cost, so
    // a language lacking the text's letters loses on exactly those letters (Lingua filters by script). 10 nats was
    // chosen on lingua-testdata word pairs (docs/language-detection.md): 20, the earlier value, read Turkish as Icelandic.
    private const int FloorCost = (int)(10 * NgramIndex.CostScale);
    private const int WindowLength = 250;
    private const int CapCost = (int)(NgramIndex.SurpriseCap * NgramIndex.CostScale);

    private readonly NgramIndex _index;
    private readonly bool[] _allowed;
    private readonly bool _allowJapanese;
    private readonly bool _allowChinese;
    private readonly bool _allowKorean;
    private readonly double _minimumConfidence;
    private readonly double _maximumSurprise;
    private readonly int _sampleLength;
    private readonly int _shortTextLength;
    private readonly int _minimumSegmentLength;
    private readonly bool _rejectOutOfSet;
    private readonly int[][] _scriptLanguages;
    private readonly int[][] _charSetLanguages;

    public NgramLanguageIdentifier(IOptions<LanguageDetectionOptions> options)
        : this(NgramIndexSource.Get(options.Value.IndexPath), options.Value)
    {
    }

    public NgramLanguageIdentifier(NgramIndex index, LanguageDetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        var codes = options.LanguageCodes();
        _allowed = [.. index.Languages.Select(l => codes.Count == 0 || codes.Contains(l))];
        _allowJapanese = codes.Count == 0 || codes.Contains("ja");
        _allowChinese = codes.Count == 0 || codes.Contains("zh");
        _allowKorean = codes.Count == 0 || codes.Contains("ko");
        _minimumConfidence = options.MinimumConfidence;
        _maximumSurprise = options.RejectOutOfSet ? options.MaximumSurprise : double.PositiveInfinity;
        _sampleLength = options.SampleLength;
        _shortTextLength = options.ShortTextLength;
        _minimumSegmentLength = options.MinimumSegmentLength;
        _rejectOutOfSet = options.RejectOutOfSet;
        _scriptLanguages = ScriptRules.LanguagesByScript(index);
        _charSetLanguages = ScriptRules.CharSetLanguages(index);
    }

    public LanguageGuess Identify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Min(text.Length, _sampleLength + 2 * WindowLength) + 2);
        try
        {
            var cleaned = Clean(text, buffer, out var scripts);
            return Identify(cleaned, scripts);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    public IReadOnlyList<LanguageSegment> IdentifySegments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<LanguageSegment>();
        int? pendingStart = null; // short lines waiting to join a segment
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline + 1;
            var line = text[lineStart..lineEnd];
            var letters = 0;
            foreach (var c in line)
            {
                letters += char.IsLetter(c) ? 1 : 0;
            }

            if (letters < _minimumSegmentLength)
            {
                pendingStart ??= lineStart;
            }
            else
            {
                var guess = Identify(line);
                var start = pendingStart ?? lineStart;
                pendingStart = null;
                if (segments.Count > 0 && segments[^1].Guess.Language == guess.Language)
                {
                    var previous = segments[^1];
                    segments[^1] = previous with { Length = lineEnd - previous.Start };
                }
                else if (segments.Count > 0 && start != lineStart)
                {
                    // Short lines between two languages stay with the segment before them.
                    var previous = segments[^1];
                    segments[^1] = previous with { Length = lineStart - previous.Start };
                    segments.Add(new LanguageSegment(lineStart, lineEnd - lineStart, guess));
                }
                else
                {
                    segments.Add(new LanguageSegment(start, lineEnd - start, guess));
                }
            }

            lineStart = lineEnd;
        }

        if (segments.Count == 0)
        {
            return [new LanguageSegment(0, text.Length, Identify(text))];
        }

        if (pendingStart is not null)
        {
            segments[^1] = segments[^1] with { Length = text.Length - segments[^1].Start };
        }

        // A segment's own guess is from its first line; re-score merged segments as a whole.
        return [.. segments.Select(s => s with { Guess = Identify(text.Substring(s.Start, s.Length)) })];
    }

    private LanguageGuess Identify(ReadOnlySpan<char> cleaned, ScriptCounts scripts)
    {
        if (scripts.Letters == 0)
        {
            return new LanguageGuess(LanguageGuess.Undetermined, 0, null);
        }

        // Lingua has no n-gram models for Chinese, Japanese and Korean either: their scripts decide.
        if (TryIdentifyByScript(scripts, out var byScript))
        {
            return byScript;
        }

        var count = _index.Languages.Count;
        Span<bool> allowed = stackalloc bool[count];
        _allowed.CopyTo(allowed);
        if (RestrictByRules(scripts, allowed, out var decided))
        {
            return decided;
        }

        Span<long> scores = stackalloc long[count];
        Span<int> marks = stackalloc int[count];
        Span<long> capped = stackalloc long[count];
        Span<int> known = stackalloc int[count];
        Span<int> perOrder = stackalloc int[NgramIndex.MaxOrder + 1];
        Span<int> positions = stackalloc int[NgramIndex.MaxOrder + 1];
        scores.Clear();
        marks.Clear();
        capped.Clear();
        known.Clear();
        perOrder.Clear();
        positions.Clear();
        var shortText = cleaned.Length < _shortTextLength;
        var ngrams = Score(cleaned, shortText, allowed, scores, marks, capped, known, perOrder, positions);

        int best = -1, second = -1;
        for (var l = 0; l < count; l++)
        {
            if (known[l] == 0)
            {
                continue;
            }

            if (best < 0 || scores[l] > scores[best])
            {
                second = best;
                best = l;
            }
            else if (second < 0 || scores[l] > scores[second])
            {
                second = l;
            }
        }

        if (best < 0 || ngrams == 0)
        {
            return new LanguageGuess(LanguageGuess.Undetermined, 0, null);
        }

        // Lingua's confidence: the softmax of the languages' log-likelihoods.
        var sum = 0.0;
        for (var l = 0; l < count; l++)
        {
            if (known[l] > 0)
            {
                sum += Math.Exp((scores[l] - scores[best]) / NgramIndex.CostScale);
            }
        }

        var confidence = 1.0 / sum;
        var runnerUp = second >= 0 ? _index.Languages[second] : null;
        if (!double.IsPositiveInfinity(_maximumSurprise) && Surprise(best, ngrams, capped[best], known[best], perOrder, positions, shortText ? 1 : 3) > _maximumSurprise)
        {
            // Out of the set: the best supported language is only the nearest relative (Galician read as
            // Spanish). Name it as the runner-up, so the record still says what the text resembles.
            return new LanguageGuess(LanguageGuess.Undetermined, confidence, _index.Languages[best]);
        }

        var language = confidence >= _minimumConfidence ? _index.Languages[best] : LanguageGuess.Undetermined;
        return new LanguageGuess(language, confidence, runnerUp);
    }

    /// <summary>
    /// How much worse the winner's model explains this text than it explains its own language, in standard
    /// deviations: the text's n-gram costs (capped) against their expectation and spread on the language's own
    /// text, both computed from the model when the index was built (<see cref="NgramIndex.OwnTextStatistics"/>).
    /// Lingua's confidence cannot say this: it only compares the supported languages with each other, so a
    /// language outside the set is confidently given to its nearest relative. The n-grams of one position
    /// (1- to 5-grams of a short text) share their letters, so their costs are taken as fully correlated
    /// (standard deviations add up within a position), positions as independent.
    /// </summary>
    private double Surprise(
        int language, int ngrams, long cappedCost, int known, ReadOnlySpan<int> perOrder, ReadOnlySpan<int> positions, int minOrder)
    {
        double mean = 0, variance = 0, positionDeviation = 0;
        for (var order = 1; order <= NgramIndex.MaxOrder; order++)
        {
            var own = _index.Statistics(language, order);
            mean += perOrder[order] * own.Mean;
            if (order >= minOrder)
            {
                positionDeviation += Math.Sqrt(own.Variance);
                variance += positions[order] * positionDeviation * positionDeviation;
            }
        }

        // N-grams the winner's model does not know even as a letter cost the cap.
        var cost = (cappedCost + ((long)(ngrams - known) * CapCost)) / NgramIndex.CostScale;
        return variance > 0 ? (cost - mean) / Math.Sqrt(variance) : 0;
    }

    private int Score(
        ReadOnlySpan<char> text,
        bool shortText,
        ReadOnlySpan<bool> allowed,
        Span<long> scores,
        Span<int> marks,
        Span<long> capped,
        Span<int> known,
        Span<int> perOrder,
        Span<int> positions)
    {
        var minOrder = shortText ? 1 : 3;
        var maxOrder = shortText ? NgramIndex.MaxOrder : 3;
        Span<ulong> prefixes = stackalloc ulong[NgramIndex.MaxOrder + 1];
        var stamp = 0;
        var ngrams = 0;
        var wordStart = 0;
        while (wordStart < text.Length)
        {
            var wordEnd = text[wordStart..].IndexOf(' ');
            wordEnd = wordEnd < 0 ? text.Length : wordStart + wordEnd;
            for (var i = wordStart; i < wordEnd; i++)
            {
                var longest = Math.Min(maxOrder, wordEnd - i);
                if (longest < minOrder)
                {
                    break;
                }

                positions[longest]++; // a position scoring n-grams of minOrder..longest letters
                var state = NgramHash.Seed;
                for (var k = 1; k <= longest; k++)
                {
                    state = NgramHash.Step(state, text[i + k - 1]);
                    prefixes[k] = NgramHash.Finish(state);
                }

                for (var n = minOrder; n <= longest; n++)
                {
                    ngrams++;
                    perOrder[n]++;
                    stamp++;

                    // Each language takes the n-gram's probability from the longest prefix its model knows.
                    for (var k = n; k >= 1; k--)
                    {
                        var postings = _index.Lookup(k, prefixes[k], out var langs, out var costs);
                        for (var j = 0; j < postings; j++)
                        {
                            var l = langs[j];
                            if (marks[l] == stamp || !allowed[l])
                            {
                                continue;
                            }

                            marks[l] = stamp;
                            int cost = costs[j];
                            scores[l] += FloorCost - cost;
                            capped[l] += Math.Min(cost, CapCost);
                            known[l]++;
                        }
                    }
                }
            }

            wordStart = wordEnd + 1;
        }

        return ngrams;
    }

    /// <summary>
    /// Lingua's rules (<see cref="ScriptRules"/>): narrows <paramref name="allowed"/> to the languages of the text's
    /// dominant script, then to those of Lingua's telltale letters when half the words hold one. True, with the answer,
    /// when one language is left, unless out-of-set rejection is on: then that language must still explain the text.
    /// </summary>
    private bool RestrictByRules(ScriptCounts scripts, Span<bool> allowed, out LanguageGuess decided)
    {
        decided = null!;
        var dominant = 0;
        for (var s = 1; s < ScriptRules.ScriptCount; s++)
        {
            if (scripts.Tally[s] > scripts.Tally[dominant])
            {
                dominant = s;
            }
        }

        if (dominant != 0 && scripts.Tally[dominant] * 2 > scripts.Letters)
        {
            Restrict(allowed, _scriptLanguages[dominant]);
        }

        // Lingua's characters-to-languages table, counted per distinct letter per whitespace-separated word, as Lingua
        // counts it (Clean tallied it): a word split at an apostrophe or an Indic vowel sign is still one word.
        var words = scripts.Words;
        Span<int> counts = scripts.CharSets;
        var any = false;
        foreach (var c in counts)
        {
            any |= c > 0;
        }

        if (any)
        {
            Span<int> perLanguage = stackalloc int[allowed.Length];
            perLanguage.Clear();
            for (var set = 0; set < counts.Length; set++)
            {
                foreach (var l in _charSetLanguages[set])
                {
                    perLanguage[l] += counts[set];
                }
            }

            var subset = 0;
            for (var l = 0; l < allowed.Length; l++)
            {
                subset += allowed[l] && perLanguage[l] * 2 >= words ? 1 : 0;
            }

            if (subset > 0)
            {
                for (var l = 0; l < allowed.Length; l++)
                {
                    allowed[l] &= perLanguage[l] * 2 >= words;
                }
            }
        }

        var left = -1;
        for (var l = 0; l < allowed.Length; l++)
        {
            if (allowed[l])
            {
                if (left >= 0)
                {
                    return false;
                }

                left = l;
            }
        }

        if (left < 0 || _rejectOutOfSet)
        {
            return false;
        }

        // One language left, as Lingua answers it: certain. The share of its script is the honest confidence.
        var share = dominant != 0 ? (double)scripts.Tally[dominant] / scripts.Letters : 1.0;
        decided = share >= _minimumConfidence
            ? new LanguageGuess(_index.Languages[left], share, null)
            : new LanguageGuess(LanguageGuess.Undetermined, share, _index.Languages[left]);
        return true;
    }

    /// <summary>Keeps only <paramref name="languages"/> allowed, unless that would leave none (a script no allowed language writes).</summary>
    private static void Restrict(Span<bool> allowed, int[] languages)
    {
        var any = false;
        foreach (var l in languages)
        {
            any |= allowed[l];
        }

        if (!any)
        {
            return;
        }

        Span<bool> keep = stackalloc bool[allowed.Length];
        keep.Clear();
        foreach (var l in languages)
        {
            keep[l] = true;
        }

        for (var l = 0; l < allowed.Length; l++)
        {
            allowed[l] &= keep[l];
        }
    }

    private bool TryIdentifyByScript(ScriptCounts scripts, out LanguageGuess guess)
    {
        int han = scripts.Tally[(int)Script.Han], kana = scripts.Tally[(int)Script.Kana], hangul = scripts.Tally[(int)Script.Hangul];
        var cjk = han + kana + hangul;
        if (cjk * 2 < scripts.Letters)
        {
            guess = null!;
            return false;
        }

        var share = (double)cjk / scripts.Letters;
        string? language =
            hangul > han + kana ? (_allowKorean ? "ko" : null)
            : kana > 0 ? (_allowJapanese ? "ja" : null)
            : _allowChinese ? "zh" : null;
        guess = language is null || share < _minimumConfidence
            ? new LanguageGuess(LanguageGuess.Undetermined, language is null ? 0 : share, null)
            : new LanguageGuess(language, share, null);
        return true;
    }

    /// <summary>
    /// Lower-cases the letters of the text (or of evenly spread windows of it when it is longer than
    /// the sample) into <paramref name="buffer"/>, one space between words. Anything but a letter
    /// separates words, as in the text Lingua's models were counted from.
    /// </summary>
    private Span<char> Clean(string text, char[] buffer, out ScriptCounts scripts)
    {
        scripts = default;
        var length = 0;
        if (text.Length <= _sampleLength + WindowLength)
        {
            Append(text, buffer, ref length, ref scripts);
        }
        else
        {
            var windows = Math.Max(1, _sampleLength / WindowLength);
            var stride = text.Length / windows;
            for (var w = 0; w < windows; w++)
            {
                // Centre a window in each stretch, widened to whole words.
                var start = (w * stride) + ((stride - WindowLength) / 2);
                var end = start + WindowLength;
                while (start > 0 && char.IsLetter(text[start - 1]) && start > w * stride)
                {
                    start--;
                }

                while (end < text.Length && char.IsLetter(text[end]) && end < (w + 1) * stride)
                {
                    end++;
                }

                Append(text.AsSpan(start, end - start), buffer, ref length, ref scripts);
                scripts.EndWord();
                if (length > 0 && buffer[length - 1] != ' ')
                {
                    buffer[length++] = ' ';
                }
            }
        }

        scripts.EndWord();
        return buffer.AsSpan(0, length > 0 && buffer[length - 1] == ' ' ? length - 1 : length);
    }

    private static void Append(ReadOnlySpan<char> text, char[] buffer, ref int length, ref ScriptCounts scripts)
    {
        foreach (var c in text)
        {
            if (length >= buffer.Length - 1)
            {
                return;
            }

            if (char.IsLetter(c))
            {
                var lower = char.ToLowerInvariant(c);
                buffer[length++] = lower;
                scripts.Letter(lower);
            }
            else
            {
                scripts.Other(c);
                if (length > 0 && buffer[length - 1] != ' ')
                {
                    buffer[length++] = ' ';
                }
            }
        }
    }

    private struct ScriptCounts
    {
        public int Letters;
        public ScriptTally Tally;

        /// <summary>Whitespace-separated words holding a letter (Lingua's words), and its telltale-letter counts.</summary>
        public int Words;
        public CharSetTally CharSets;
        public bool WordHasLetter;
        public WordLetters Seen;
        public int SeenCount;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Letter(char lower)
        {
            Letters++;
            Tally[(int)ScriptRules.Of(lower)]++;
            WordHasLetter = true;
            var set = lower < 0xC0 ? -1 : ScriptRules.CharSetOf(lower);
            if (set >= 0 && SeenCount < 8 && !((ReadOnlySpan<char>)Seen)[..SeenCount].Contains(lower))
            {
                Seen[SeenCount++] = lower;
                CharSets[set]++;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Other(char c)
        {
            if (char.IsWhiteSpace(c))
            {
                EndWord();
            }
        }

        public void EndWord()
        {
            Words += WordHasLetter ? 1 : 0;
            WordHasLetter = false;
            SeenCount = 0;
        }
    }
}

/// <summary>
/// Where the index comes from: the file the build wrote beside the assembly (a fraction of a second to
/// load), else Lingua's model files (tens of seconds). One instance per path per process.
/// </summary>
public static class NgramIndexSource
{
    private static readonly Dictionary<string, Lazy<NgramIndex>> Indexes = new(StringComparer.Ordinal);

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, NgramIndex.FileName);

    public static string LinguaModelsDirectory => Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");

    public static NgramIndex Get(string? path)
    {
        // Only the default location falls back to Lingua's files: a configured path that is missing is a mistake.
        var fallBack = string.IsNullOrWhiteSpace(path);
        path = fallBack ? DefaultPath : Path.GetFullPath(path!);
        Lazy<NgramIndex> index;
        lock (Indexes)
        {
            if (!Indexes.TryGetValue(path, out index!))
            {
                var file = path;
                index = new Lazy<NgramIndex>(() => File.Exists(file) || !fallBack
                    ? NgramIndex.Load(file)
                    : NgramIndex.BuildFromLinguaModels(LinguaModelsDirectory));
                Indexes[path] = index;
            }
        }

        return index.Value;
    }
}
