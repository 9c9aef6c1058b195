using System.Reflection;

namespace IngestPlatform.TestSupport;

/// <summary>The repository's folders, as recorded at build time (tests/Directory.Build.props).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    /// <summary>The seed articles' file names, sorted, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> SeedFileNames() =>
        new(Directory.GetFiles(Seeds, "*.txt").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

    /// <summary>The shared, read-only evaluation corpus beside the repository (<c>../shared/corpus</c>).</summary>
    public static string SharedCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));

    private static string FindRoot() =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), false)
            .Cast<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("The build did not record the repository root.");
}
