using Microsoft.EntityFrameworkCore;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// The public data contract: users (and the API) query these tables directly, so names are
/// snake_case and every change goes through a migration.
/// </summary>
public sealed class IngestDbContext(DbContextOptions<IngestDbContext> options) : DbContext(options)
{
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

    public DbSet<DocumentSource> Sources => Set<DocumentSource>();

    public DbSet<IngestFailure> Failures => Set<IngestFailure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredDocument>(e =>
        {
            e.ToTable("documents");
            e.Property(d => d.Id).UseIdentityAlwaysColumn();
            e.Property(d => d.ContentSha256).HasMaxLength(64);
            e.HasIndex(d => d.ContentSha256).IsUnique();
            e.Property(d => d.Language).HasMaxLength(8);
            e.Property(d => d.LanguageRunnerUp).HasMaxLength(8);
            e.HasIndex(d => d.Language);
            e.HasIndex(d => d.StoredAt);
            e.Property(d => d.SearchConfig).HasMaxLength(32);
            e.HasIndex(d => d.SearchVector).HasMethod("GIN");
        });

        modelBuilder.Entity<DocumentSource>(e =>
        {
            e.ToTable("document_sources");
            e.Property(s => s.Id).UseIdentityAlwaysColumn();
            e.Property(s => s.RawSha256).HasMaxLength(64);
            e.HasIndex(s => new { s.RawSha256, s.RelativePath }).IsUnique();
            e.HasIndex(s => s.FileId);
            e.HasOne(s => s.Document).WithMany(d => d.Sources).HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IngestFailure>(e =>
        {
            e.ToTable("ingest_failures");
            e.Property(f => f.Id).UseIdentityAlwaysColumn();
            e.Property(f => f.Stage).HasMaxLength(32);
            e.Property(f => f.Kind).HasMaxLength(16);
            e.Property(f => f.Sha256).HasMaxLength(64);
            // One record per file pickup and stage: a redelivered rejection or fault is recorded once.
            e.HasIndex(f => new { f.FileId, f.Stage }).IsUnique();
            e.HasIndex(f => f.RejectedAt);
        });
    }
}
