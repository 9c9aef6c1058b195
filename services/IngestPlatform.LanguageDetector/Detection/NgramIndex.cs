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
    private const uint Magic = 0x314E474E; // "NGN1"
    private const double LoadFactor = 0.6;

    private readonly Table[] _tables;

    private NgramIndex(string[] languages, Table[] tables)
    {
        Languages = languages;
        _tables = tables;
    }

    /// <summary>Language codes (ISO 639-1 as Lingua names its model folders); a posting's byte indexes this list.</summary>
    public IReadOnlyList<string> Languages { get; }

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
        var tables = new Table[MaxOrder];
        // Orders are independent; building them in parallel halves the one-off cost on two cores.
        Parallel.For(0, MaxOrder, order =>
        {
            var postings = new List<Posting>();
            for (var lang = 0; lang < languages.Length; lang++)
            {
                var path = Path.Combine(modelsDirectory, languages[lang], fileNames[order] + ".json.br");
                if (File.Exists(path))
                {
                    ReadModel(path, (byte)lang, order + 1, postings);
                }
            }

            tables[order] = Table.Build(CollectionsMarshal.AsSpan(postings));
        });
        return new NgramIndex(languages, tables);
    }

    private static void ReadModel(string path, byte lang, int order, List<Posting> postings)
    {
        byte[] json;
        using (var file = File.OpenRead(path))
        using (var brotli = new BrotliStream(file, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            brotli.CopyTo(buffer);
            json = buffer.ToArray();
        }

        var reader = new Utf8JsonReader(json);
        var depth = 0;
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
                    // Keys are "numerator/denominator"; values list every n-gram with that probability.
                    var fraction = reader.GetString()!;
                    var slash = fraction.IndexOf('/', StringComparison.Ordinal);
                    var p = double.Parse(fraction.AsSpan(0, slash), System.Globalization.CultureInfo.InvariantCulture)
                        / double.Parse(fraction.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
                    cost = (ushort)Math.Clamp(Math.Round(-Math.Log(p) * CostScale), 0, ushort.MaxValue);
                    break;
                case JsonTokenType.String when depth == 2:
                    var ngrams = reader.GetString()!.AsSpan();
                    foreach (var range in ngrams.Split(' '))
                    {
                        var ngram = ngrams[range];
                        if (ngram.Length == order)
                        {
                            postings.Add(new Posting(NgramHash.Of(ngram), lang, cost));
                        }
                    }

                    break;
            }
        }
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

        return new NgramIndex(languages, tables);
    }

    private readonly record struct Posting(ulong Hash, byte Lang, ushort Cost);

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
