using System.ComponentModel.DataAnnotations;
using IngestPlatform.TestSupport;
using IngestPlatform.Watcher.Inbox;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

[Collection(BrokerCollection.Name)]
public class When_the_watcher_options_are_invalid(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public void Should_report_an_empty_glob_and_an_exit_folder_that_is_the_inbox()
    {
        var options = new WatcherOptions { InboxPath = "/data/inbox", ProcessedPath = "/data/inbox/", Discovery = (DiscoveryMode)7 };
        options.Include.Add(" ");

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        // Data annotations first; the cross-setting rules run once those pass.
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(WatcherOptions.Discovery)));

        options.Discovery = DiscoveryMode.Events;
        errors.Clear();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(WatcherOptions.Include)));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(WatcherOptions.ProcessedPath)));
    }

    [Fact]
    public void Should_report_an_empty_file_window_shorter_than_the_usual_one()
    {
        var options = new WatcherOptions { StableFor = TimeSpan.FromSeconds(5), EmptyFileStableFor = TimeSpan.FromSeconds(1) };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(WatcherOptions.EmptyFileStableFor)));
    }

    [Fact]
    public void Should_report_a_stuck_limit_no_longer_than_one_publish_may_wait()
    {
        var options = new WatcherOptions { PublishTimeout = TimeSpan.FromSeconds(30), StuckAfter = TimeSpan.FromSeconds(30) };

        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(WatcherOptions.StuckAfter)));
    }

    [Fact]
    public async Task Should_stop_at_start_naming_an_unknown_discovery_mode()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var watcher = inbox.StartWatcher(new Dictionary<string, string> { ["Watcher__Discovery"] = "Sometimes" });

        await watcher.WaitForExitAsync(TimeSpan.FromSeconds(60), "the watcher to refuse to start");
        Assert.Contains("Watcher:Discovery", watcher.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Active watcher for", watcher.Output, StringComparison.Ordinal);
    }
}
