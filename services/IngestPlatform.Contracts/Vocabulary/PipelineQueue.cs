namespace IngestPlatform.Contracts.Vocabulary;

/// <summary>A queue of the pipeline and the stage whose service drains it (see <see cref="QueueNames.All"/>).</summary>
/// <param name="Name">The queue, one of the <see cref="QueueNames"/> constants; its dead letters are in <c>&lt;Name&gt;_error</c>.</param>
/// <param name="ConsumedBy">The stage (<see cref="Stages"/>) whose service consumes it.</param>
/// <param name="IsStageInput">
/// True for the work the stage does; false for the failure queues storage drains on behalf of every stage
/// (<see cref="QueueNames.StorageRejections"/>, <see cref="QueueNames.StorageFaults"/>).
/// </param>
public sealed record PipelineQueue(string Name, string ConsumedBy, bool IsStageInput);
