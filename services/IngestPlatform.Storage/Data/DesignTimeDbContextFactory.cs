using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the service (and its
/// bus). No connection is opened to add a migration; the string only names the provider.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<IngestDbContext>
{
    public IngestDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql("Host=localhost;Database=ingest").Options);
}
