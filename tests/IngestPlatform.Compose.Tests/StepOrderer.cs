using Xunit.Abstractions;
using Xunit.Sdk;

namespace IngestPlatform.Compose.Tests;

/// <summary>Runs a class's tests in the order of their <see cref="StepAttribute"/>: steps of one scenario sharing one running platform.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "IngestPlatform.Compose.Tests.StepOrderer";

    public const string AssemblyName = "IngestPlatform.Compose.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => a.GetNamedArgument<int>(nameof(StepAttribute.Number)))
            .DefaultIfEmpty(int.MaxValue)
            .First());
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute : Attribute
{
    public int Number { get; set; }
}
