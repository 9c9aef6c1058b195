using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// A small character language model per language (letter unigrams, and letter bigrams inside words), derived from
/// SearchPioneer.Lingua's n-gram files by <c>bench/IngestPlatform.Normalizer.Bench -- generate-letter-models</c> and
/// embedded as a 140 KB resource (about 80,000 n-grams, a few MB in memory). It tells the decoder which of several
/// decodings of the same bytes some language explains best: "Привет" is Russian, "ЏаЁўҐв" (the same bytes read in
/// the wrong Cyrillic page) is no language. Thread-safe after construction.
/// </summary>
internal sealed class LetterModels
{
    // In nats. A letter a language does not use at 1 in a million, a letter pair it does not use at 1 in 10,000
    // (the cuts of the generator), a symbol or control character glued to a letter ("Pr¡vo"), non-ASCII punctuation
    // or a symbol standing alone ("£ 5", "«"), a non-ASCII letter glued to a digit.
    private const double UnseenLetter = 15;
    private const double UnseenPair = 10;
    private const double Symbol = 12;
    private const double Punctuation = 3;
    private const double NextToDigit = 4;

    // Every language gets a quick unigram pass over the first non-ASCII letters; only the best few get the full pass.
    private const int ShortlistLetters = 300;
    private const int ShortlistSize = 3;

    private static readonly Lazy<LetterModels> Loaded = new(Load);

    private readonly string[] _languages;
    private readonly Dictionary<char, float>[] _letters;
    private readonly Dictionary<uint, float>[] _pairs;

    private LetterModels(string[] languages, Dictionary<char, float>[] letters, Dictionary<uint, float>[] pairs)
    {
        _languages = languages;
        _letters = letters;
        _pairs = pairs;
    }

    public static LetterModels Instance => Loaded.Value;

    public IReadOnlyList<string> Languages => _languages;

    /// <summary>
    /// The language that explains <paramref name="text"/> best and the cost of the text under it, in nats (the
    /// negative log-likelihood of its non-ASCII characters and letters). Lower is better; compare costs only between
    /// texts decoded from the same bytes (the caller passes the same byte prefix decoded each way).
    /// </summary>
    public (string Language, double Cost) Explain(string text)
    {
        var composed = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var quick = new double[_languages.Length];
        var order = new int[_languages.Length];
        for (var l = 0; l < _languages.Length; l++)
        {
            quick[l] = Cost(composed, l, ShortlistLetters, pairs: false);
            order[l] = l;
        }

        var best = (Language: string.Empty, Cost: double.MaxValue);
        Array.Sort(quick, order);
        foreach (var l in order.AsSpan(0, Math.Min(ShortlistSize, order.Length)))
        {
            var cost = Cost(composed, l, int.MaxValue, pairs: true);
            if (cost < best.Cost)
            {
                best = (_languages[l], cost);
            }
        }

        return best;
    }

    private double Cost(string text, int language, int maximumLetters, bool pairs)
    {
        var letters = _letters[language];
        var letterPairs = _pairs[language];
        var hasPairs = pairs && letterPairs.Count > 0;
        var cost = 0.0;
        var counted = 0;
        var previous = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                // The quick pass that shortlists languages reads only non-ASCII letters: they tell the script and
                // the alphabet; the ASCII letters around them are the same in every candidate.
                if (!pairs && c < 0x80)
                {
                    continue;
                }

                var lower = char.ToLowerInvariant(c);
                if (hasPairs && previous != '\0')
                {
                    cost += letterPairs.TryGetValue(((uint)previous << 16) | lower, out var pair) ? pair : UnseenPair;
                }
                else
                {
                    cost += letters.TryGetValue(lower, out var single) ? single : UnseenLetter;
                }

                // A letter glued to a digit ("г825") is rarer than a symbol there ("£825").
                if (c >= 0x80 && (IsDigitAt(text, i - 1) || IsDigitAt(text, i + 1)))
                {
                    cost += NextToDigit;
                }

                previous = lower;
                if (++counted >= maximumLetters)
                {
                    break;
                }

                continue;
            }

            previous = '\0';
            if (c >= 0x80 && !char.IsWhiteSpace(c))
            {
                cost += char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherNotAssigned ? UnseenLetter
                    : char.IsPunctuation(c) ? Punctuation
                    : IsLetterAt(text, i - 1) || IsLetterAt(text, i + 1) ? Symbol
                    : Punctuation;
            }
        }

        return cost;
    }

    private static bool IsDigitAt(string text, int index) => index >= 0 && index < text.Length && char.IsAsciiDigit(text[index]);

    private static bool IsLetterAt(string text, int index) => index >= 0 && index < text.Length && char.IsLetter(text[index]);

    private static LetterModels Load()
    {
        using var resource = typeof(LetterModels).Assembly.GetManifestResourceStream("IngestPlatform.Normalizer.LetterModels.txt.br")
            ?? throw new InvalidOperationException("The letter models resource is missing from the assembly.");
        using var reader = new StreamReader(new BrotliStream(resource, CompressionMode.Decompress), Encoding.UTF8);
        var languages = new List<string>();
        var letters = new List<Dictionary<char, float>>();
        var pairs = new List<Dictionary<uint, float>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('@'))
            {
                languages.Add(line[1..]);
                letters.Add([]);
                pairs.Add([]);
                continue;
            }

            var space = line.LastIndexOf(' ');
            var ngram = line.AsSpan(0, space);
            var cost = int.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture) / 4f;
            if (ngram.Length == 1)
            {
                letters[^1][ngram[0]] = cost;
            }
            else if (ngram.Length == 2)
            {
                pairs[^1][((uint)ngram[0] << 16) | ngram[1]] = cost;
            }
        }

        return new LetterModels([.. languages], [.. letters], [.. pairs]);
    }
}
