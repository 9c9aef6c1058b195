using System.Text.Json;
using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using MassTransit.Serialization;

namespace IngestPlatform.Normalizer.Tests;

/// <summary>
/// <see cref="SourceFile.RawSha256"/> was called <c>Sha256</c> before; on the wire it keeps that name, so a message an
/// older watcher left in a queue (or a dead letter replayed later) still carries its hash. Read and written with the
/// options of MassTransit's serializer, the one the bus uses.
/// </summary>
public class When_a_message_from_an_older_watcher_is_read
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void Should_read_the_raw_hash_it_sent_as_sha256()
    {
        const string older = $$"""
            {"source": {"fileId": "0b7f2d4e-0000-4000-8000-000000000001", "fileName": "a.txt", "relativePath": "a.txt",
             "sizeBytes": 4, "sha256": "{{Hash}}", "createdAt": "2026-01-01T10:00:00+00:00",
             "modifiedAt": "2026-01-01T10:00:00+00:00", "discoveredAt": "2026-01-01T10:00:01+00:00"},
             "content": "dGVzdA=="}
            """;

        var message = JsonSerializer.Deserialize<FileDiscovered>(older, SystemTextJsonMessageSerializer.Options)!;

        Assert.Equal(Hash, message.Source.RawSha256);
        Assert.Equal("test"u8.ToArray(), message.Content);
    }

    [Fact]
    public void Should_write_the_raw_hash_as_sha256()
    {
        var source = Messages.SourceFile("a.txt", "test"u8.ToArray());

        var json = JsonDocument.Parse(JsonSerializer.Serialize(source, SystemTextJsonMessageSerializer.Options)).RootElement;

        Assert.Equal(Hash, json.GetProperty("sha256").GetString());
        Assert.False(json.TryGetProperty("rawSha256", out _));
    }
}
