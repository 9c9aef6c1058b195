namespace IngestPlatform.ServiceDefaults;

/// <summary>
/// The durable queue of each stage. Consumers listen on them and publishers declare them too
/// (see <see cref="BusExtensions.DeclareDownstreamQueue{TMessage}"/>), so the names live in one place.
/// </summary>
public static class QueueNames
{
    /// <summary>Normalizer: consumes <c>FileDiscovered</c>.</summary>
    public const string Normalizer = "normalizer";

    /// <summary>Language detector: consumes <c>DocumentNormalized</c>.</summary>
    public const string LanguageDetector = "language-detector";

    /// <summary>Storage: consumes <c>LanguageDetected</c>.</summary>
    public const string Storage = "storage";

    /// <summary>Storage: consumes <c>DocumentRejected</c> from every stage.</summary>
    public const string StorageRejections = "storage-rejections";

    /// <summary>Storage: consumes <c>Fault&lt;T&gt;</c> of every stage's message, so no failure stays only in an <c>_error</c> queue.</summary>
    public const string StorageFaults = "storage-faults";
}
