using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>
/// Lingua's n-gram models turned inside out: one hash table per n-gram order whose entry holds
/// every language's probability for that n-gram, so scoring a text costs one lookup per n-gram
/// instead of one dictionary lookup per n-gram per language. Immutable after construction, so
/// it is shared freely between threads.
/// </summary>
/// <remarks>
/// Each table stores a 32-bit fingerprint per slot (the slot index comes from the other half of
/// the 64-bit hash, so a false match needs ~57 equal bits) and postings laid out in slot order,
/// so an empty slot is simply one whose postings range is empty. Probabilities are kept as
/// -ln(p) in fixed point (1/<see cref="CostScale"/>), two bytes instead of Lingua's boxed doubles;
/// the rounding error (at most 0.00025 per n-gram) is far below the margins that decide a language.
/// </remarks>
public sealed class NgramIndex
{
    public const int MaxOrder = 5;
    public const float CostScale = 2000f;
    public const string FileName = "ngram-index.bin";
    /// <summary>
    /// The cost (nats) at which an n-gram counts as simply unexplained in <see cref="OwnTextStatistics"/> and in
    /// the out-of-set test: one letter no model knows (20 nats) must not outweigh a dozen typical n-grams.
    /// </summary>
    public const float SurpriseCap = 8f;
    private const uint Magic = 0x324E474E; // "NGN2": NGN1 had no own-text statistics
    private readonly OwnTextStatistics[] _statistics;
    private const double LoadFactor = 0.6;

    private readonly Table[] _tables;

    private NgramIndex(string[] languages, Table[] tables, OwnTextStatistics[] statistics)
    {
        Languages = languages;
        _tables = tables;
        _statistics = statistics;
    }

    /// <summary>Language codes (ISO 639-1 as Lingua names its model folders); a posting's byte indexes this list.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>How costly a language's own text is under its own model, per n-gram of one order.</summary>
    public OwnTextStatistics Statistics(int language, int order) => _statistics[(language * MaxOrder) + order - 1];

    public long PostingCount => _tables.Sum(t => (long)t.Langs.Length);

    /// <summary>Postings of one n-gram (by its <see cref="NgramHash"/>), empty when no language knows it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Lookup(int order, ulong hash, out ReadOnlySpan<byte> languages, out ReadOnlySpan<ushort> costs)
    {
        var table = _tables[order - 1];
        var capacity = table.Capacity;
        var slot = (int)(((hash >> 32) * (ulong)(uint)capacity) >> 32);
        var fingerprint = (uint)hash;
        var starts = table.Starts;
        var fingerprints = table.Fingerprints;
        while (true)
        {
            var start = starts[slot];
            var end = starts[slot + 1];
            if (start == end)
            {
                languages = default;
                costs = default;
                return 0;
            }

            if (fingerprints[slot] == fingerprint)
            {
                languages = new ReadOnlySpan<byte>(table.Langs, start, end - start);
                costs = new ReadOnlySpan<ushort>(table.Costs, start, end - start);
                return end - start;
            }

            if (++slot == capacity)
            {
                slot = 0;
            }
        }
    }

    /// <summary>Reads Lingua's Brotli-compressed JSON models (<c>&lt;dir&gt;/&lt;iso&gt;/&lt;order&gt;s.json.br</c>).</summary>
    public static NgramIndex BuildFromLinguaModels(string modelsDirectory)
    {
        var languages = Directory.GetDirectories(modelsDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(d => File.Exists(Path.Combine(modelsDirectory, d, "unigrams.json.br")))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (languages.Length is 0 or > byte.MaxValue)
        {
            throw new InvalidDataException($"No Lingua language models under '{modelsDirectory}'.");
        }

        string[] fileNames = ["unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"];
        var postings = Enumerable.Range(0, MaxOrder).Select(_ => new List<Posting>()).ToArray();
        var statistics = new OwnTextStatistics[languages.Length * MaxOrder];
        // One language at a time needs all its orders at once (the statistics chain them); languages are independent.
        Parallel.For(0, languages.Length, lang =>
        {
            var models = fileNames
                .Select(name => Path.Combine(modelsDirectory, languages[lang], name + ".json.br"))
                .Select((path, order) => File.Exists(path) ? ReadModel(path, order + 1) : [])
                .ToArray();
            for (var order = 1; order <= MaxOrder; order++)
            {
                statistics[(lang * MaxOrder) + order - 1] = OwnTextStatistics.Of(models, order);
                var own = models[order - 1].Select(m => new Posting(NgramHash.Of(m.Key), (byte)lang, m.Value.Cost)).ToList();
                lock (postings[order - 1])
                {
                    postings[order - 1].AddRange(own);
                }
            }
        });

        var tables = new Table[MaxOrder];
        Parallel.For(0, MaxOrder, order => tables[order] = Table.Build(CollectionsMarshal.AsSpan(postings[order])));
        return new NgramIndex(languages, tables, statistics);
    }

    /// <summary>Every n-gram of one order in one model file, with its conditional probability and its quantized cost.</summary>
    private static Dictionary<string, (double Probability, ushort Cost)> ReadModel(string path, int order)
    {
        byte[] json;
        using (var file = File.OpenRead(path))
        using (var brotli = new BrotliStream(file, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            brotli.CopyTo(buffer);
            json = buffer.ToArray();
        }

        var model = new Dictionary<string, (double, ushort)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        var depth = 0;
        var p = 0.0;
        ushort cost = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 2:
                    // Keys are "numerator/denominator"; values list every n-gram with that probability, which is
                    // conditional on the n-gram's prefix (P(c | ab) for "abc"), unconditional for letters.
                    var fraction = reader.GetString()!;
                    var slash = fraction.IndexOf('/', StringComparison.Ordinal);
                    p = double.Parse(fraction.AsSpan(0, slash), System.Globalization.CultureInfo.InvariantCulture)
                        / double.Parse(fraction.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
                    cost = (ushort)Math.Clamp(Math.Round(-Math.Log(p) * CostScale), 0, ushort.MaxValue);
                    break;
                case JsonTokenType.String when depth == 2:
                    var ngrams = reader.GetString()!;
                    foreach (var range in ngrams.AsSpan().Split(' '))
                    {
                        if (range.End.Value - range.Start.Value == order)
                        {
                            model[ngrams[range]] = (p, cost);
                        }
                    }

                    break;
            }
        }

        return model;
    }

    /// <summary>Writes beside the target and renames, so an interrupted build never leaves a torn index.</summary>
    public void Save(string path)
    {
        var partial = path + ".partial";
        using (var stream = File.Create(partial))
        {
            Write(stream);
        }

        File.Move(partial, path, overwrite: true);
    }

    private void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Languages.Count);
        foreach (var language in Languages)
        {
            writer.Write(language);
        }

        foreach (var table in _tables)
        {
            writer.Write(table.Capacity);
            writer.Write(table.Langs.Length);
            writer.Write(MemoryMarshal.AsBytes(table.Fingerprints.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(table.Starts.AsSpan()));
            writer.Write(table.Langs);
            writer.Write(MemoryMarshal.AsBytes(table.Costs.AsSpan()));
        }

        writer.Write(MemoryMarshal.AsBytes(_statistics.AsSpan()));
    }

    public static NgramIndex Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream);
        if (reader.ReadUInt32() != Magic || !BitConverter.IsLittleEndian)
        {
            throw new InvalidDataException($"'{path}' is not an n-gram index of this version.");
        }

        var languages = new string[reader.ReadInt32()];
        for (var i = 0; i < languages.Length; i++)
        {
            languages[i] = reader.ReadString();
        }

        var tables = new Table[MaxOrder];
        for (var order = 0; order < MaxOrder; order++)
        {
            var capacity = reader.ReadInt32();
            var postings = reader.ReadInt32();
            var table = new Table(capacity, new uint[capacity], new int[capacity + 1], new byte[postings], new ushort[postings]);
            stream.ReadExactly(MemoryMarshal.AsBytes(table.Fingerprints.AsSpan()));
            stream.ReadExactly(MemoryMarshal.AsBytes(table.Starts.AsSpan()));
            stream.ReadExactly(table.Langs);
            stream.ReadExactly(MemoryMarshal.AsBytes(table.Costs.AsSpan()));
            tables[order] = table;
        }

        var statistics = new OwnTextStatistics[languages.Length * MaxOrder];
        stream.ReadExactly(MemoryMarshal.AsBytes(statistics.AsSpan()));
        return new NgramIndex(languages, tables, statistics);
    }

    private readonly record struct Posting(ulong Hash, byte Lang, ushort Cost);

    /// <summary>
    /// Mean and variance of the cost (nats, capped at <see cref="SurpriseCap"/>) of one n-gram of a language's
    /// own text under its own model: Lingua's probabilities are conditional on the n-gram's prefix, so the
    /// chained probabilities of an n-gram's prefixes give how often it occurs, and the expectation is the
    /// model's conditional entropy. Derived from the models alone, never from a test corpus: it is what the
    /// out-of-set test measures a text against ("does the winner explain this text as well as its own?").
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct OwnTextStatistics(float Mean, float Variance)
    {
        public static OwnTextStatistics Of(Dictionary<string, (double Probability, ushort Cost)>[] models, int order)
        {
            double weight = 0, sum = 0, sumOfSquares = 0;
            foreach (var (ngram, (_, ngramCost)) in models[order - 1])
            {
                var p = 1.0;
                for (var k = 1; k <= order && p > 0; k++)
                {
                    p *= models[k - 1].TryGetValue(ngram[..k], out var prefix) ? prefix.Probability : 0;
                }

                var cost = Math.Min(ngramCost / CostScale, SurpriseCap);
                weight += p;
                sum += p * cost;
                sumOfSquares += p * cost * cost;
            }

            if (weight <= 0)
            {
                return default;
            }

            var mean = sum / weight;
            return new OwnTextStatistics((float)mean, (float)Math.Max(0, (sumOfSquares / weight) - (mean * mean)));
        }
    }

    private sealed record Table(int Capacity, uint[] Fingerprints, int[] Starts, byte[] Langs, ushort[] Costs)
    {
        public static Table Build(Span<Posting> postings)
        {
            postings.Sort(static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Lang.CompareTo(b.Lang));
            var keys = 0;
            for (var i = 0; i < postings.Length; i++)
            {
                if (i == 0 || postings[i].Hash != postings[i - 1].Hash)
                {
                    keys++;
                }
            }

            var capacity = Math.Max(16, (int)(keys / LoadFactor));
            var slotKey = new int[capacity]; // first posting of the key in each slot, -1 when empty
            Array.Fill(slotKey, -1);
            var fingerprints = new uint[capacity];
            for (var i = 0; i < postings.Length; i++)
            {
                if (i > 0 && postings[i].Hash == postings[i - 1].Hash)
                {
                    continue;
                }

                var hash = postings[i].Hash;
                var slot = (int)(((hash >> 32) * (ulong)(uint)capacity) >> 32);
                while (slotKey[slot] >= 0)
                {
                    slot = slot + 1 == capacity ? 0 : slot + 1;
                }

                slotKey[slot] = i;
                fingerprints[slot] = (uint)hash;
            }

            // Lay the postings out in slot order so Starts[s]..Starts[s+1] is slot s's range.
            var starts = new int[capacity + 1];
            var langs = new byte[postings.Length];
            var costs = new ushort[postings.Length];
            var next = 0;
            for (var slot = 0; slot < capacity; slot++)
            {
                starts[slot] = next;
                var first = slotKey[slot];
                if (first < 0)
                {
                    continue;
                }

                for (var i = first; i < postings.Length && postings[i].Hash == postings[first].Hash; i++)
                {
                    langs[next] = postings[i].Lang;
                    costs[next] = postings[i].Cost;
                    next++;
                }
            }

            starts[capacity] = next;
            return new Table(capacity, fingerprints, starts, langs, costs);
        }
    }
}

/// <summary>
/// The hash both the index and the scorer use: FNV-1a over UTF-16 code units, finalised with
/// MurmurHash3's mixer so the high half (slot) and low half (fingerprint) are independent.
/// Incremental, so one pass over an n-gram yields the hashes of all its prefixes (Lingua backs
/// off from an unknown n-gram to its prefixes).
/// </summary>
public static class NgramHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Step(ulong state, char c) => (state ^ c) * Prime;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong state)
    {
        state ^= state >> 33;
        state *= 0xff51afd7ed558ccdUL;
        state ^= state >> 33;
        state *= 0xc4ceb9fe1a85ec53UL;
        state ^= state >> 33;
        return state;
    }

    public static ulong Of(ReadOnlySpan<char> ngram)
    {
        var state = Seed;
        foreach (var c in ngram)
        {
            state = Step(state, c);
        }

        return Finish(state);
    }
}
