using IngestPlatform.TestSupport;

namespace IngestPlatform.Api.Tests;

/// <summary>
/// The PostgreSQL server, one database seeded once with <see cref="Catalogue"/> (the API never writes, so
/// tests can share it), and the API reading it. Tests that need other data create their own database.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly List<string> _databases = [];
    private ApiFactory? _api;

    public string ConnectionString { get; private set; } = "";

    public SeededCatalogue Seeded { get; private set; } = new(new Dictionary<string, long>(), new Dictionary<string, Guid>());

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await CreateDatabaseAsync(migrate: true);
        Seeded = await Catalogue.SeedAsync(ConnectionString);
        _api = new ApiFactory(ConnectionString);
        Client = _api.CreateClient();
    }

    /// <summary>A database of the caller's own, with or without the schema; dropped with the fixture.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrate)
    {
        var connectionString = await _postgres.CreateDatabaseAsync();
        _databases.Add(connectionString);
        if (migrate)
        {
            await Catalogue.MigrateAsync(connectionString);
        }

        return connectionString;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await _postgres.DropDatabaseAsync(database);
        }

        await _postgres.DisposeAsync();
    }
}
