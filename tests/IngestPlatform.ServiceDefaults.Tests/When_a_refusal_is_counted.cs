using System.Diagnostics.Metrics;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace IngestPlatform.ServiceDefaults.Tests;

/// <summary><see cref="RefusalMetrics.CountRefusal"/> on the real <see cref="IngestMetrics"/>, read back from its meter.</summary>
public sealed class When_a_refusal_is_counted : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton<IngestMetrics>().BuildServiceProvider();
    private readonly CounterRecorder _refusals;
    private readonly IngestMetrics _metrics;

    public When_a_refusal_is_counted()
    {
        _refusals = new CounterRecorder(_services.GetRequiredService<IMeterFactory>(), "ingest.files.rejected");
        _metrics = _services.GetRequiredService<IngestMetrics>();
    }

    [Fact]
    public void Should_tag_it_with_the_stage_and_the_reason_code()
    {
        _metrics.CountRefusal(Stages.Watcher, RefusalReasons.TooLarge);
        _metrics.CountRefusal(Stages.Normalizer, RefusalReasons.Binary);

        Assert.Equal(["normalizer/binary", "watcher/too_large"], _refusals.Counted(RefusalMetrics.StageTag, RefusalMetrics.ReasonTag));
    }

    [Fact]
    public void Should_count_a_reason_outside_the_vocabulary_as_other_so_free_text_never_becomes_a_series()
    {
        _metrics.CountRefusal(Stages.Storage, "PostgreSQL refused the document: invalid byte sequence (SQLSTATE 22021)");

        Assert.Equal(["storage/other"], _refusals.Counted(RefusalMetrics.StageTag, RefusalMetrics.ReasonTag));
    }

    [Fact]
    public void Should_keep_every_code_short_lower_case_and_distinct_as_a_prometheus_label_value_should_be()
    {
        Assert.Equal(RefusalReasons.All.Count, RefusalReasons.All.Distinct(StringComparer.Ordinal).Count());
        Assert.All(RefusalReasons.All, code => Assert.Matches("^[a-z][a-z_]{1,30}$", code));
        // Every public constant is in All: a code added without it would be counted as "other".
        var constants = typeof(RefusalReasons).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(constants.Order(StringComparer.Ordinal), RefusalReasons.All.Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        _refusals.Dispose();
        _services.Dispose();
    }
}
