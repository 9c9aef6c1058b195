namespace IngestPlatform.TestSupport;

/// <summary>
/// The third-party evaluation corpus (<c>udhr/</c>, <c>lingua-testdata/</c>, <c>chardet/</c>), read by path and
/// never copied into the repository. A fresh clone has no <c>../shared/</c>: corpus tests are then reported as
/// skipped with a message saying how to run them, never passed by an early return. Under CI (<c>CI=true</c>)
/// a missing corpus is a failure, so CI always runs them.
/// </summary>
public static class SharedCorpus
{
    /// <summary>Points the tests at a corpus elsewhere than <c>../shared/corpus</c>.</summary>
    public const string Variable = "INGEST_CORPUS";

    /// <summary>The corpus root: <c>INGEST_CORPUS</c> when set, else <c>../shared/corpus</c> beside the repository.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : RepositoryPaths.SharedCorpus;

    /// <summary>
    /// The folder <paramref name="part"/> of the corpus (e.g. <c>udhr</c>). Call it first in a <c>[SkippableFact]</c> or
    /// <c>[SkippableTheory]</c>: when the folder is absent the test is skipped, or failed under CI.
    /// </summary>
    public static string Require(string part)
    {
        var folder = Path.Combine(Root, part);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var message = $"The evaluation corpus is not at {folder}. Put the shared corpus beside the repository " +
                      $"(../shared/corpus) or set {Variable} to its folder to run this test.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(message + " CI must run every corpus test.");
        }

        Skip.If(true, message);
        return folder;
    }

    /// <summary>
    /// Fails when a corpus read found other than the expected number of items, so a renamed folder or a parser
    /// that silently skips lines cannot turn a gate into <c>0 ≥ 0.9 × 0</c>.
    /// </summary>
    public static IReadOnlyList<T> Expect<T>(IReadOnlyList<T> items, int expected, string what)
    {
        if (items.Count != expected)
        {
            throw new InvalidOperationException($"Expected {expected} {what} in the corpus, read {items.Count}.");
        }

        return items;
    }
}
