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
    // In nats; set by judgement, then checked on UDHR (the tuning corpus). A letter a language does not use at 1 in a million, a letter pair it does not use at 1 in 10,000
    // (the cuts of the generator), a symbol or control character glued to a letter ("Pr¡vo"), non-ASCII punctuation
    // ("«", "£ 5"), a non-ASCII letter glued to a digit, a rarer symbol standing alone ("╘", "‗": Hebrew read as KOI8-R
    // is runs of them), a combining mark on a letter of its script, a symbol between two letters ("unchaylla±a": costlier
    // than any letter, since no language writes it).
    private const double UnseenLetter = 15;
    private const double UnseenPair = 10;
    private const double Symbol = 12;
    private const double Punctuation = 3;
    private const double NextToDigit = 4;
    private const double SymbolRun = 8;
    private const double SymbolInsideWord = 20;
    private const double Mark = 1;

    // Every language gets a quick pass over the first letters; only the best few get the full pass.
    private const int ShortlistLetters = 150;
    private const int ShortlistSize = 4;

    private static readonly Lazy<LetterModels> Loaded = new(Load);

    private readonly string[] _languages;
    private readonly Dictionary<char, float>[] _letters;
    private readonly Dictionary<uint, float>[] _pairs;

    // The accented letters some language of the model uses, by their ASCII base letter.
    private readonly Dictionary<char, char[]> _lettersByBase;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IReadOnlySet<char>, Substitutes> _substitutes = new(ReferenceEqualityComparer.Instance);

    private LetterModels(string[] languages, Dictionary<char, float>[] letters, Dictionary<uint, float>[] pairs)
    {
        _languages = languages;
        _letters = letters;
        _pairs = pairs;
        _lettersByBase = letters.SelectMany(l => l.Keys).Distinct()
            .Where(c => c >= 0x80 && BaseOf(c) is not null)
            .GroupBy(c => BaseOf(c)!.Value)
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    public static LetterModels Instance => Loaded.Value;

    public IReadOnlyList<string> Languages => _languages;

    /// <summary>
    /// The language that explains <paramref name="text"/> best and the cost of the text under it, in nats (the
    /// negative log-likelihood of its non-ASCII characters and letters). Lower is better; compare costs only between
    /// texts decoded from the same bytes (the caller passes the same byte prefix decoded each way).
    /// </summary>
    /// <param name="repertoire">
    /// The lower-case letters of the code page that produced <paramref name="text"/>, or null (multi-byte, Unicode).
    /// A writer whose code page lacks a letter of their language types a letter on the same base instead: Hungarian in
    /// Latin-1 has "ô" and "û" for "ő" and "ű", which windows-1250 has. So a letter is also read as any same-base letter
    /// the page lacks, at the cost of that letter plus the writer's choice among the page's own letters on that base
    /// (ln of their number, the bare letter included: nothing tuned). A page that has the letter pays nothing, so the
    /// text of the page the writer really used still costs less, by that choice per letter.
    /// </param>
    public (string Language, double Cost) Explain(string text, IReadOnlySet<char>? repertoire = null)
    {
        var composed = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var substitutes = repertoire is null ? null : SubstitutesFor(repertoire).Table;
        var quick = new double[_languages.Length];
        var order = new int[_languages.Length];
        for (var l = 0; l < _languages.Length; l++)
        {
            quick[l] = Cost(composed, l, ShortlistLetters, substitutes);
            order[l] = l;
        }

        var best = (Language: string.Empty, Cost: double.MaxValue);
        Array.Sort(quick, order);
        foreach (var l in order.AsSpan(0, Math.Min(ShortlistSize, order.Length)))
        {
            var cost = Cost(composed, l, int.MaxValue, substitutes);
            if (cost < best.Cost)
            {
                best = (_languages[l], cost);
            }
        }

        return best;
    }

    /// <summary>
    /// For each accented letter a code page writes, the same-base letters some language uses that the page lacks, and
    /// the cost of choosing that stand-in. Once per code page (a few hundred letters).
    /// </summary>
    public Substitutes SubstitutesFor(IReadOnlySet<char> repertoire) => _substitutes.GetOrAdd(repertoire, page =>
    {
        var table = new Dictionary<char, (char[] Letters, double Choice)>();
        foreach (var letter in page)
        {
            if (BaseOf(letter) is { } baseLetter && _lettersByBase.TryGetValue(baseLetter, out var family)
                && family.Where(x => !page.Contains(x)).ToArray() is { Length: > 0 } lacking)
            {
                table[letter] = (lacking, Math.Log(1 + family.Count(page.Contains)));
            }
        }

        return new Substitutes(table);
    });

    /// <summary>The ASCII letter an accented Latin letter is built on ("ő" -> 'o'), or null.</summary>
    private static char? BaseOf(char letter)
    {
        var decomposed = letter.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 1 && char.IsAsciiLetterLower(decomposed[0]) ? decomposed[0] : null;
    }

    private double Cost(string text, int language, int maximumLetters, Dictionary<char, (char[] Letters, double Choice)>? substitutes)
    {
        var letters = _letters[language];
        var letterPairs = _pairs[language];
        var hasPairs = letterPairs.Count > 0;
        var cost = 0.0;
        var counted = 0;
        var previous = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                var lower = char.ToLowerInvariant(c);
                if (substitutes is not null && lower >= 0x80 && substitutes.TryGetValue(lower, out var substitute))
                {
                    // Read as the letter the page lacks when this language explains that letter, chosen, better.
                    var own = letters.TryGetValue(lower, out var asWritten) ? asWritten : UnseenLetter;
                    foreach (var lacking in substitute.Letters)
                    {
                        if (letters.TryGetValue(lacking, out var asMeant) && asMeant + substitute.Choice < own)
                        {
                            own = asMeant + substitute.Choice;
                            lower = lacking;
                        }
                    }

                    cost += lower != char.ToLowerInvariant(c) ? substitute.Choice : 0;
                }

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

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // Thai vowel signs, Hebrew points, Arabic harakat, Vietnamese tones: part of the word (absent from
                // Lingua's letter models) when they follow a letter of their own block; after anything else they are
                // what a wrong code page makes of Latin text ("aั").
                var previousChar = i > 0 ? text[i - 1] : '\0';
                // Combining diacritics left over after NFC (windows-1258 read where it is not) never attach.
                var attached = char.IsLetter(previousChar) && (previousChar >> 7) == (c >> 7) && c is not (>= '\u0300' and <= '\u036F');
                cost += attached ? Mark : Symbol;
                continue;
            }

            previous = '\0';
            if (c >= 0x80 && char.IsWhiteSpace(c))
            {
                // A no-break space inside a word ("dit haba") is a letter some code page put there.
                cost += IsLetterAt(text, i - 1) && IsLetterAt(text, i + 1) ? Symbol : 0;
            }
            else if (c >= 0x80)
            {
                cost += category is UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse ? UnseenLetter
                    : InsideWord(text, i) ? (IsApostropheOrHyphen(c) ? Punctuation : SymbolInsideWord)
                    : IsLetterAt(text, i - 1) || IsLetterAt(text, i + 1) ? (IsCommonPunctuation(c) ? Punctuation : Symbol)
                    : IsCommonPunctuation(c) ? Punctuation
                    : SymbolRun;
            }
        }

        return cost;
    }

    /// <summary>Between two letters: where "›" in "g›r" (Danish "gør" read in windows-1252) betrays the wrong page.</summary>
    private static bool InsideWord(string text, int index) => IsLetterAt(text, index - 1) && IsLetterAt(text, index + 1);

    private static bool IsDigitAt(string text, int index) => index >= 0 && index < text.Length && char.IsAsciiDigit(text[index]);

    private static bool IsLetterAt(string text, int index) => index >= 0 && index < text.Length && char.IsLetter(text[index]);

    /// <summary>What prose puts between two letters: apostrophes (also typed as "´" or "‘"), the Catalan middle dot, hyphens.</summary>
    private static bool IsApostropheOrHyphen(char c) => c is '\u2019' or '\u2018' or '\u00B4' or '\u02BC' or '\u00B7' or '\u2010' or '\u2011';

    /// <summary>The non-ASCII punctuation and signs of ordinary prose; box drawing, "‗", "¤" and the like are not.</summary>
    private static bool IsCommonPunctuation(char c) =>
        c is '«' or '»' or '“' or '”' or '„' or '‘' or '’' or '‚' or '–' or '—' or '…' or '·' or '¡' or '¿' or '§' or '°' or '•'
            or '‹' or '›' or '€' or '£' or '©' or '®' or '±' or '×' or '№' or '\u3001' or '\u3002';

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

/// <summary>A code page's stand-in letters (<see cref="LetterModels.SubstitutesFor"/>).</summary>
internal sealed record Substitutes(Dictionary<char, (char[] Letters, double Choice)> Table);
