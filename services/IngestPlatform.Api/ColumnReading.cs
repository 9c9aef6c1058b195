using Npgsql;

namespace IngestPlatform.Api;

/// <summary>
/// Reads a row's values by column name, not by position: a column added to a SELECT list, or the list reordered,
/// cannot shift what the other reads get (two text columns swapped by position read without any error). The name
/// lookup is Npgsql's dictionary over the row description, negligible beside the round trip.
/// </summary>
internal static class ColumnReading
{
    public static T Get<T>(this NpgsqlDataReader reader, string column) => reader.GetFieldValue<T>(reader.GetOrdinal(column));

    public static string? GetTextOrNull(this NpgsqlDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public static T? GetOrNull<T>(this NpgsqlDataReader reader, string column)
        where T : struct
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }
}
