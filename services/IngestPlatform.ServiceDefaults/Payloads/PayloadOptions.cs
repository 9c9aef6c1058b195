using System.ComponentModel.DataAnnotations;

namespace IngestPlatform.ServiceDefaults.Payloads;

/// <summary>The claim-check store and the memory budget for large content. Section <c>Payloads</c>.</summary>
public sealed class PayloadOptions
{
    /// <summary>The configuration section (environment: <c>Payloads__Path</c>, ...).</summary>
    public const string SectionName = "Payloads";

    /// <summary>
    /// The largest inline payload. Derived from the strictest message limit on the way: RabbitMQ 4's default
    /// <c>max_message_size</c> is 16 MiB (3.x: 128 MiB) and the .NET client refuses inbound bodies over 64 MiB.
    /// The worst message is <c>DocumentNormalized</c> carrying two texts, each up to this many UTF-8 bytes, which
    /// JSON may escape to six bytes a character: 2 × 6 × 1 MiB + headers stays under 16 MiB, so 1 MiB is the
    /// ceiling. Anything larger travels by claim check, so no message limit is ever reached.
    /// </summary>
    [Range(1024, 1024 * 1024)]
    public int InlineLimit { get; set; } = 256 * 1024;

    /// <summary>
    /// The shared folder large payloads wait in. Every service of one deployment must see the same folder: a
    /// volume in compose, a ReadWriteMany volume in Kubernetes. Default: a folder under the system's temp
    /// directory, which works when all services run on one machine.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ingest-payloads");

    /// <summary>
    /// Bytes of payload one process works on at once (a file being normalized, a text being detected or
    /// stored). Work beyond it waits, so memory follows this budget, not the number or size of big files
    /// waiting. A payload larger than the budget is worked on alone.
    /// </summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long MemoryBudgetBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// How long a stored payload is kept after it was last written. Storage sweeps older ones; a message whose
    /// payload was swept (it waited in an <c>_error</c> queue longer than this) is rejected with that reason.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(7);
}
