using Microsoft.EntityFrameworkCore;

namespace IngestPlatform.Storage.Data;

/// <summary>
/// The public data contract: users query these tables directly, so names are explicit
/// snake_case and changes go through migrations.
/// </summary>
public sealed class IngestDbContext(DbContextOptions<IngestDbContext> options) : DbContext(options)
{
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

    public DbSet<IngestFailure> Failures => Set<IngestFailure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredDocument>(e =>
        {
            e.ToTable("documents");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            e.Property(d => d.ContentSha256).HasColumnName("content_sha256").HasMaxLength(64);
            e.HasIndex(d => d.ContentSha256).IsUnique();
            e.Property(d => d.SourceFileName).HasColumnName("source_file_name");
            e.Property(d => d.SourcePath).HasColumnName("source_path");
            e.Property(d => d.SourceSizeBytes).HasColumnName("source_size_bytes");
            e.Property(d => d.Encoding).HasColumnName("encoding");
            e.Property(d => d.Title).HasColumnName("title");
            e.Property(d => d.Text).HasColumnName("text");
            e.Property(d => d.OriginalText).HasColumnName("original_text");
            e.Property(d => d.Language).HasColumnName("language").HasMaxLength(8);
            e.HasIndex(d => d.Language);
            e.Property(d => d.LanguageConfidence).HasColumnName("language_confidence");
            e.Property(d => d.LanguageRunnerUp).HasColumnName("language_runner_up").HasMaxLength(8);
            e.Property(d => d.FileId).HasColumnName("file_id");
            e.Property(d => d.DiscoveredAt).HasColumnName("discovered_at");
            e.Property(d => d.IngestedAt).HasColumnName("ingested_at");
        });

        modelBuilder.Entity<IngestFailure>(e =>
        {
            e.ToTable("ingest_failures");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            e.Property(f => f.FileId).HasColumnName("file_id");
            e.Property(f => f.Stage).HasColumnName("stage").HasMaxLength(32);
            // One rejection per file pickup and stage: a redelivered rejection is recorded once.
            e.HasIndex(f => new { f.FileId, f.Stage }).IsUnique();
            e.Property(f => f.Reason).HasColumnName("reason");
            e.Property(f => f.SourceFileName).HasColumnName("source_file_name");
            e.Property(f => f.SourcePath).HasColumnName("source_path");
            e.Property(f => f.SourceSizeBytes).HasColumnName("source_size_bytes");
            e.Property(f => f.Sha256).HasColumnName("sha256").HasMaxLength(64);
            e.Property(f => f.RejectedAt).HasColumnName("rejected_at");
            e.Property(f => f.RecordedAt).HasColumnName("recorded_at");
        });
    }
}
