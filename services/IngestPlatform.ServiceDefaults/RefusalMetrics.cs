using IngestPlatform.Contracts;

namespace IngestPlatform.ServiceDefaults;

/// <summary>Counts a refusal on <see cref="IngestMetrics.FilesRejected"/> the one way every stage does.</summary>
public static class RefusalMetrics
{
    /// <summary>The tag holding the refusing stage (<see cref="Contracts.Vocabulary.Stages"/>).</summary>
    public const string StageTag = "stage";

    /// <summary>The tag holding the refusal's code (<see cref="RefusalReasons"/>).</summary>
    public const string ReasonTag = "reason";

    /// <summary>
    /// One file refused by <paramref name="stage"/> for <paramref name="reason"/>, one of <see cref="RefusalReasons"/>. A
    /// code outside that list is counted as <see cref="RefusalReasons.Other"/>: every distinct tag value is a time series
    /// kept forever by Prometheus, so the tag must never carry free text.
    /// </summary>
    public static void CountRefusal(this IngestMetrics metrics, string stage, string reason) =>
        metrics.FilesRejected.Add(1,
            new KeyValuePair<string, object?>(StageTag, stage),
            new KeyValuePair<string, object?>(ReasonTag, RefusalReasons.All.Contains(reason) ? reason : RefusalReasons.Other));
}
