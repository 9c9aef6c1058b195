using IngestPlatform.Watcher.Inbox;

namespace IngestPlatform.Watcher.Tests;

public class When_a_file_is_still_being_written
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Mtime = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly WriteCompletionGate _gate = new(TimeSpan.FromSeconds(1));

    [Fact]
    public void Should_wait_the_whole_window_from_first_sight_even_when_the_mtime_is_old()
    {
        // A copy keeps the original's old mtime: that must not count as "stable for years".
        Assert.False(_gate.IsComplete("a.txt", 10, Mtime, Start));
        Assert.False(_gate.IsComplete("a.txt", 10, Mtime, Start.AddMilliseconds(900)));
        Assert.True(_gate.IsComplete("a.txt", 10, Mtime, Start.AddSeconds(1)));
    }

    [Fact]
    public void Should_start_the_window_again_whenever_size_or_mtime_changes()
    {
        Assert.False(_gate.IsComplete("a.txt", 10, Mtime, Start));
        Assert.False(_gate.IsComplete("a.txt", 20, Mtime, Start.AddSeconds(1)));
        Assert.False(_gate.IsComplete("a.txt", 20, Mtime.AddSeconds(1), Start.AddSeconds(2)));
        Assert.False(_gate.IsComplete("a.txt", 20, Mtime.AddSeconds(1), Start.AddSeconds(2.5)));
        Assert.True(_gate.IsComplete("a.txt", 20, Mtime.AddSeconds(1), Start.AddSeconds(3)));
    }

    [Fact]
    public void Should_give_an_empty_file_longer_to_be_written()
    {
        // Created first, filled a moment later: an empty file is not "done" after the usual window.
        var gate = new WriteCompletionGate(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.False(gate.IsComplete("a.txt", 0, Mtime, Start));
        Assert.False(gate.IsComplete("a.txt", 0, Mtime, Start.AddSeconds(5)));
        Assert.False(gate.IsComplete("a.txt", 42, Mtime.AddSeconds(6), Start.AddSeconds(6)));
        Assert.True(gate.IsComplete("a.txt", 42, Mtime.AddSeconds(6), Start.AddSeconds(7)));
        Assert.False(gate.IsComplete("b.txt", 0, Mtime, Start));
        Assert.True(gate.IsComplete("b.txt", 0, Mtime, Start.AddSeconds(10)));
    }

    [Fact]
    public void Should_forget_files_that_left_and_restart_on_request()
    {
        _gate.IsComplete("a.txt", 10, Mtime, Start);
        _gate.Retain(new HashSet<string>());
        Assert.False(_gate.IsComplete("a.txt", 10, Mtime, Start.AddSeconds(5)));

        Assert.True(_gate.IsComplete("a.txt", 10, Mtime, Start.AddSeconds(6)));
        _gate.Restart("a.txt");
        Assert.False(_gate.IsComplete("a.txt", 10, Mtime, Start.AddSeconds(6)));
    }

    [Theory]
    [InlineData("report.txt.part", true)]
    [InlineData("download.crdownload", true)]
    [InlineData("x.tmp", true)]
    [InlineData("~lock.docx", true)]
    [InlineData(".hidden", true)]
    [InlineData("article.txt", false)]
    [InlineData("partial-results.txt", false)]
    public void Should_leave_in_progress_names_alone_until_renamed(string name, bool inProgress)
    {
        Assert.Equal(inProgress, InProgressNames.Matches(name));
    }
}
