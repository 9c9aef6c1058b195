using IngestPlatform.Storage.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// The batch writer's SQL is generated from <see cref="IncomingColumns"/>; these tie that list to the EF model (the design-time
/// model, with every annotation; no database is opened), so a column added to an entity and forgotten in the writer, or
/// written with another type or nullability, fails here rather than as a NULL violation or a silently empty column.
/// </summary>
public class When_comparing_the_written_columns_with_the_ef_model
{
    [Theory]
    [InlineData("documents")]
    [InlineData("document_sources")]
    public void Should_write_every_column_of_the_table_from_the_message_or_name_it_filled_by_the_database(string table)
    {
        var (written, filledByDatabase) = Written(table);
        var modelColumns = Columns(table).Select(p => p.GetColumnName()).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(written.Intersect(filledByDatabase));
        var missing = modelColumns.Except(written).Except(filledByDatabase).ToList();
        Assert.True(
            missing.Count == 0,
            $"{table}: {string.Join(", ", missing)} in the EF model but written by nothing: add a line to IncomingColumns.All (or, if "
            + "PostgreSQL fills it, to IncomingColumns.*FilledByDatabase and the writer's INSERT).");
        var unknown = written.Concat(filledByDatabase).Except(modelColumns).ToList();
        Assert.True(unknown.Count == 0, $"{table}: {string.Join(", ", unknown)} written but not in the EF model.");
    }

    [Theory]
    [InlineData("documents")]
    [InlineData("document_sources")]
    public void Should_stage_each_column_with_the_type_and_nullability_ef_maps_it_to(string table)
    {
        var model = Columns(table).ToDictionary(p => p.GetColumnName(), StringComparer.Ordinal);
        var columns = IncomingColumns.All.Where(c => table == "documents" ? c.InDocuments : c.InSources).ToList();

        Assert.NotEmpty(columns);
        foreach (var column in columns)
        {
            var property = model[column.Name];
            Assert.True(
                Staged(property.GetColumnType()) == column.SqlType,
                $"{table}.{column.Name}: EF maps it to {property.GetColumnType()}, IncomingColumns stages it as {column.SqlType}.");
            Assert.True(
                property.IsColumnNullable() == column.IsNullable,
                $"{table}.{column.Name}: EF says nullable={property.IsColumnNullable()}, IncomingColumns says {column.IsNullable}.");
        }
    }

    [Fact]
    public void Should_have_a_migration_for_every_change_of_the_model()
    {
        using var db = Context();

        // Compares the model with the last migration's snapshot (no connection): an entity changed without
        // `dotnet ef migrations add` fails here, not on the first database that meets it.
        Assert.False(db.Database.HasPendingModelChanges(), "The EF model differs from the migrations' snapshot: add a migration.");
    }

    [Fact]
    public void Should_generate_the_staging_table_and_copy_lists_in_the_same_order()
    {
        var definitions = IncomingColumns.Definitions.Split(", ").Select(d => d.Split(' ')[0]);

        Assert.Equal(IncomingColumns.Names.Split(", "), definitions);
        Assert.Equal(IncomingColumns.All.Count, IncomingColumns.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Should_name_only_written_columns_of_documents_among_those_reprocessing_sets_or_keeps()
    {
        Assert.Empty(IncomingColumns.SetByDetector.Except(IncomingColumns.DocumentColumns));
        Assert.Empty(IncomingColumns.KeptOnReprocess.Except(IncomingColumns.DocumentColumns));
        Assert.Empty(IncomingColumns.SetByDetector.Intersect(IncomingColumns.KeptOnReprocess));
    }

    private static (List<string> Written, IReadOnlyList<string> FilledByDatabase) Written(string table) => table == "documents"
        ? ([.. IncomingColumns.DocumentColumns], IncomingColumns.DocumentsFilledByDatabase)
        : ([.. IncomingColumns.SourceColumns], IncomingColumns.SourcesFilledByDatabase);

    private static List<IProperty> Columns(string table)
    {
        using var db = Context();
        var model = db.GetService<IDesignTimeModel>().Model;
        var entity = model.GetEntityTypes().Single(t => t.GetTableName() == table);
        return [.. entity.GetProperties()];
    }

    private static IngestDbContext Context() =>
        new(new DbContextOptionsBuilder<IngestDbContext>().UseNpgsql("Host=unused.invalid;Database=none").Options);

    // The staging table uses text for every string (the INSERT assigns it to character varying(n), which checks the
    // length) and PostgreSQL's short names.
    private static string Staged(string storeType) => storeType switch
    {
        _ when storeType.StartsWith("character varying", StringComparison.Ordinal) => "text",
        "integer" => "int",
        "double precision" => "float8",
        "timestamp with time zone" => "timestamptz",
        _ => storeType,
    };
}
