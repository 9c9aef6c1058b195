using IngestPlatform.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace IngestPlatform.Storage.Data;

/// <summary>One message of a batch with its position in it (<c>seq</c>, which orders the batch's duplicates).</summary>
public readonly record struct IncomingRow(int Seq, IncomingDocument Incoming)
{
    public LanguageDetected Message => Incoming.Message;

    public DocumentNormalized Document => Incoming.Message.Document;

    public SourceFile Source => Incoming.Message.Document.Source;
}

/// <summary>Where a column goes and how it is typed in the staging table.</summary>
public sealed record ColumnTarget(string Name, string SqlType, NpgsqlDbType DbType, bool IsNullable, bool InDocuments, bool InSources);

/// <summary>A column of the staging table: its target and how to write its value from a message.</summary>
public abstract class IncomingColumn(ColumnTarget target)
{
    public string Name => target.Name;

    /// <summary>The staging table's type (<c>text</c> for a <c>character varying(64)</c> column: the INSERT assigns it).</summary>
    public string SqlType => target.SqlType;

    public bool IsNullable => target.IsNullable;

    public bool InDocuments => target.InDocuments;

    public bool InSources => target.InSources;

    protected NpgsqlDbType DbType => target.DbType;

    /// <summary>Only in the staging table (<c>seq</c>), in neither real table.</summary>
    public static IncomingColumn Staging(string name, string sqlType, NpgsqlDbType dbType, Func<IncomingRow, int> value) =>
        new IncomingColumn<int>(new ColumnTarget(name, sqlType, dbType, IsNullable: false, InDocuments: false, InSources: false), value);

    public abstract Task WriteAsync(NpgsqlBinaryImporter importer, IncomingRow row, CancellationToken cancellationToken);

    /// <summary>The value as a parameter named after the column (<c>@title</c>), for the row-at-a-time updates of reprocessing.</summary>
    public abstract NpgsqlParameter Parameter(IncomingRow row);
}

/// <summary>A reference or plain value column; a null reference is written as NULL.</summary>
internal sealed class IncomingColumn<T>(ColumnTarget target, Func<IncomingRow, T> value) : IncomingColumn(target)
{
    public override Task WriteAsync(NpgsqlBinaryImporter importer, IncomingRow row, CancellationToken cancellationToken) =>
        value(row) is { } v ? importer.WriteAsync(v, DbType, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    public override NpgsqlParameter Parameter(IncomingRow row) => value(row) is { } v
        ? new NpgsqlParameter<T>(Name, DbType) { TypedValue = v }
        : new NpgsqlParameter(Name, DbType) { Value = DBNull.Value };
}

/// <summary>A nullable value-type column (<c>uuid</c>, <c>float8</c>…), written unwrapped or as NULL.</summary>
internal sealed class IncomingNullableColumn<T>(ColumnTarget target, Func<IncomingRow, T?> value) : IncomingColumn(target)
    where T : struct
{
    public override Task WriteAsync(NpgsqlBinaryImporter importer, IncomingRow row, CancellationToken cancellationToken) =>
        value(row) is { } v ? importer.WriteAsync(v, DbType, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    public override NpgsqlParameter Parameter(IncomingRow row) => value(row) is { } v
        ? new NpgsqlParameter<T>(Name, DbType) { TypedValue = v }
        : new NpgsqlParameter(Name, DbType) { Value = DBNull.Value };
}
