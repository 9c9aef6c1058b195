using System.Globalization;
using IngestPlatform.Storage.Bench;
using IngestPlatform.TestSupport;

// Storage throughput against raw binary COPY of the same rows, in one run on one PostgreSQL.
// Run from the repository root after `dotnet build -c Release`:
//   dotnet run -c Release --no-build --project bench/IngestPlatform.Storage.Bench [rows]
// Servers as for the tests (TestSupport's fixtures): INGEST_TEST_POSTGRES, INGEST_TEST_RABBITMQ and
// INGEST_TEST_RABBITMQ_MANAGEMENT, else Testcontainers.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var messages = Workload.Build(rows);
var averageBytes = messages.Average(m => (m.Document.Text.Length + m.Document.OriginalText.Length) * 1.0);
var server = new PostgresFixture();
await server.InitializeAsync();
var broker = new RabbitMqFixture();
await broker.InitializeAsync();
var postgres = new BenchDatabases(server);

var serverVersion = await BenchDatabases.ServerVersionAsync(await postgres.CreateAsync(migrate: false));
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
await Measure("storage service draining a pre-filled RabbitMQ queue (batches of 200 × 2)", () => Paths.ServiceAsync(postgres, broker, messages));

// Databases before the server they live on (a Testcontainer, when one was started).
await postgres.DisposeAsync();
await broker.DisposeAsync();
await server.DisposeAsync();

async Task Measure(string name, Func<Task<TimeSpan>> run)
{
    var elapsed = await run();
    var rate = rows / elapsed.TotalSeconds;
    // The first line is the plain ceiling, the second the searchable one; every line is compared with both.
    rates.Add(rate);
    var versusSearchable = rates.Count > 1 ? (rate / rates[1]).ToString("P0", CultureInfo.InvariantCulture) : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:F0} | {rate / rates[0]:P0} | {versusSearchable} |"));
}
