using System.Globalization;
using IngestPlatform.Storage.Bench;

// Storage throughput against raw binary COPY of the same rows, in one run on one PostgreSQL.
// Run from the repository root after `dotnet build -c Release`, with the servers of tests/run.sh:
//   dotnet run -c Release --project bench/IngestPlatform.Storage.Bench [rows]
// Connections: INGEST_BENCH_POSTGRES (a role that may create databases) and INGEST_BENCH_RABBITMQ_MANAGEMENT,
// defaulting to the local servers that deploy/local/servers.sh starts.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var root = Workload.FindRoot(Directory.GetCurrentDirectory());
var messages = Workload.Build(root, rows);
var averageBytes = messages.Average(m => (m.Document.Text.Length + m.Document.OriginalText.Length) * 1.0);
await using var postgres = new BenchDatabases();
var broker = new BenchBroker();

var serverVersion = await postgres.ServerVersionAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{rows} documents built from the seeds (~{averageBytes / 1000:F1} K characters of text per row), PostgreSQL {serverVersion}, {Environment.ProcessorCount} cores; each line on a fresh database"));
Console.WriteLine();
Console.WriteLine("| path | rows/s | vs plain raw COPY | vs searchable raw COPY |");
Console.WriteLine("| --- | ---: | ---: | ---: |");

var rates = new List<double>();
await Measure("raw binary COPY of the same rows into a plain table, one COPY", () => Paths.RawCopyAsync(postgres, messages, searchIndexed: false));
await Measure("raw binary COPY, same table plus the generated search vector and its GIN index", () => Paths.RawCopyAsync(postgres, messages, searchIndexed: true));
await Measure("DocumentBatchWriter, batches of 200, one at a time", () => Paths.WriterAsync(postgres, messages, 200, 1));
await Measure("DocumentBatchWriter, batches of 200, two at a time (the service's default)", () => Paths.WriterAsync(postgres, messages, 200, 2));
await Measure("storage service draining a pre-filled RabbitMQ queue (batches of 200 × 2)", () => Paths.ServiceAsync(postgres, broker, root, messages));

async Task Measure(string name, Func<Task<TimeSpan>> run)
{
    var elapsed = await run();
    var rate = rows / elapsed.TotalSeconds;
    // The first line is the plain ceiling, the second the searchable one; every line is compared with both.
    rates.Add(rate);
    var versusSearchable = rates.Count > 1 ? (rate / rates[1]).ToString("P0", CultureInfo.InvariantCulture) : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:F0} | {rate / rates[0]:P0} | {versusSearchable} |"));
}
