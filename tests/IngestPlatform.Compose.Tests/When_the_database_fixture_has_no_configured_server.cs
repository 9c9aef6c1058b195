using IngestPlatform.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.Compose.Tests;

[Trait("Category", "Containers")]
[Collection(ContainersCollection.Name)]
public class When_the_database_fixture_has_no_configured_server(PostgresFixture database, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_start_a_container_that_gives_each_test_a_database()
    {
        ContainerEngine.Require();
        Assert.True(database.StartedContainer, "the fixture used a configured server, not a Testcontainer");

        var connectionString = await database.CreateDatabaseAsync();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var version = new NpgsqlCommand("SELECT version()", connection))
            {
                output.WriteLine($"{await version.ExecuteScalarAsync()} at {connection.Host}:{connection.Port}");
            }

            await using (var create = new NpgsqlCommand(
                "CREATE TABLE probe (id int PRIMARY KEY, text text); INSERT INTO probe VALUES (1, 'bonjour')", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var read = new NpgsqlCommand("SELECT text FROM probe WHERE id = 1", connection);
            Assert.Equal("bonjour", await read.ExecuteScalarAsync());
            // French full-text search, which storage's search index relies on, is in the server.
            await using var french = new NpgsqlCommand("SELECT to_tsvector('french', 'le cheval est dans la maison')::text", connection);
            Assert.Equal("'cheval':2 'maison':6", await french.ExecuteScalarAsync());
        }
        finally
        {
            await database.DropDatabaseAsync(connectionString);
        }
    }
}
