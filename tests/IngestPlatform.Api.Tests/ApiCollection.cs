namespace IngestPlatform.Api.Tests;

/// <summary>One PostgreSQL server and one seeded catalogue for all API tests (the API only reads it).</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
