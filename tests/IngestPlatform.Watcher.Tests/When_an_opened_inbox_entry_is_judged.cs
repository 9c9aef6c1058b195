using IngestPlatform.Contracts;
using IngestPlatform.Watcher.Inbox;
using Microsoft.Win32.SafeHandles;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// <see cref="InboxAdmission"/>'s verdicts on what opening an entry gave, without a file system: what the kernel would
/// have said is written out as the <see cref="OpenedEntry"/> the opener returns. (The process tests
/// When_files_are_refused_at_the_door and When_the_inbox_holds_links_and_special_files show the kernel says it.)
/// </summary>
public class When_an_opened_inbox_entry_is_judged
{
    private static readonly DateTime Mtime = new(2026, 11, 29, 3, 0, 0, DateTimeKind.Utc);

    private readonly InboxAdmission _admission = new(new WatcherOptions { MaxFileBytes = 1024 });

    [Fact]
    public void Should_take_a_regular_file_up_to_and_including_the_size_limit()
    {
        Assert.IsType<Verdict.Take>(_admission.Judge(Opened(1)));
        Assert.IsType<Verdict.Take>(_admission.Judge(Opened(1024)));
    }

    [Fact]
    public void Should_refuse_a_file_over_the_limit_as_too_large_naming_its_size_and_the_setting()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(Opened(1025)));

        Assert.Equal(RefusalReasons.TooLarge, refusal.Code);
        Assert.Contains("1025 bytes, over the limit of 1024 bytes (Watcher:MaxFileBytes)", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_file_still_empty_after_its_window_as_empty()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(Opened(0)));

        Assert.Equal(RefusalReasons.Empty, refusal.Code);
        Assert.Equal("The file is empty.", refusal.Reason);
    }

    [Theory]
    [InlineData(EntryKind.Fifo, "a FIFO")]
    [InlineData(EntryKind.Socket, "a socket")]
    [InlineData(EntryKind.CharacterDevice, "a character device")]
    [InlineData(EntryKind.BlockDevice, "a block device")]
    [InlineData(EntryKind.SymbolicLink, "a symbolic link")]
    [InlineData(EntryKind.Other, "a special file")]
    public void Should_refuse_what_is_not_a_regular_file_naming_its_type(EntryKind kind, string named)
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.NotRegular(kind)));

        Assert.Equal(RefusalReasons.NotRegularFile, refusal.Code);
        Assert.Equal($"Not a regular file ({named}): only regular files are taken.", refusal.Reason);
    }

    [Fact]
    public void Should_refuse_a_directory_that_turned_up_where_a_file_was_listed_as_a_folder()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.NotRegular(EntryKind.Directory)));

        Assert.Equal(RefusalReasons.Folder, refusal.Code);
        Assert.StartsWith("A directory, not a file", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_link_as_not_followed_with_the_setting_named_when_links_are_off()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.Unopened(OpenError.LinkNotFollowed, 40)));

        Assert.Equal(RefusalReasons.SymbolicLink, refusal.Code);
        Assert.Contains("Watcher:FollowLinksInsideInbox=false", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_looping_link_when_links_inside_the_inbox_are_followed()
    {
        var following = new InboxAdmission(new WatcherOptions { FollowLinksInsideInbox = true });

        var refusal = Assert.IsType<Verdict.Refuse>(following.Judge(new OpenedEntry.Unopened(OpenError.LinkNotFollowed, 40)));

        Assert.Equal(RefusalReasons.SymbolicLink, refusal.Code);
        Assert.Contains("loops", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_link_leading_out_of_the_inbox_under_its_own_code()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.Unopened(OpenError.OutsideInbox, 18)));

        Assert.Equal(RefusalReasons.LinkOutsideInbox, refusal.Code);
    }

    [Fact]
    public void Should_refuse_a_dangling_link_naming_its_target_but_wait_for_a_file_that_is_merely_gone()
    {
        var dangling = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.Unopened(OpenError.NotFound, 2, "/tmp/nowhere.txt")));
        Assert.Equal(RefusalReasons.SymbolicLink, dangling.Code);
        Assert.Equal("A symbolic link to '/tmp/nowhere.txt', which does not exist.", dangling.Reason);

        // Taken away between the scan and the open: nothing to refuse, the next scan no longer lists it.
        Assert.Equal("gone", Assert.IsType<Verdict.Wait>(_admission.Judge(new OpenedEntry.Unopened(OpenError.NotFound, 2))).Why);
    }

    [Fact]
    public void Should_refuse_a_file_it_may_not_read_as_permission_denied()
    {
        var refusal = Assert.IsType<Verdict.Refuse>(_admission.Judge(new OpenedEntry.Unopened(OpenError.PermissionDenied, 13)));

        Assert.Equal(RefusalReasons.PermissionDenied, refusal.Code);
        Assert.StartsWith("Permission denied", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_a_file_its_writer_holds_or_one_the_machine_could_not_open_for_a_later_scan()
    {
        Assert.IsType<Verdict.Wait>(_admission.Judge(new OpenedEntry.HeldByWriter()));
        // EMFILE (24): the watcher's own trouble, never a reason to refuse the user's file.
        Assert.Equal("open failed (errno 24)", Assert.IsType<Verdict.Wait>(_admission.Judge(new OpenedEntry.Unopened(OpenError.Other, 24))).Why);
    }

    [Fact]
    public void Should_only_ever_refuse_with_a_code_of_the_shared_vocabulary()
    {
        OpenedEntry[] refusable =
        [
            Opened(0), Opened(2048), new OpenedEntry.NotRegular(EntryKind.Directory), new OpenedEntry.NotRegular(EntryKind.Fifo),
            new OpenedEntry.Unopened(OpenError.LinkNotFollowed, 40), new OpenedEntry.Unopened(OpenError.OutsideInbox, 18),
            new OpenedEntry.Unopened(OpenError.PermissionDenied, 1), new OpenedEntry.Unopened(OpenError.NotFound, 2, "x"),
        ];
        var codes = refusable.Select(o => Assert.IsType<Verdict.Refuse>(_admission.Judge(o)).Code)
            .Append(_admission.JudgeFolder(null).Code).Append(_admission.JudgeFolder("/elsewhere").Code).ToList();

        Assert.All(codes, c => Assert.Contains(c, RefusalReasons.All));
    }

    // A handle that owns nothing: the rules read the size the opener reported, never the descriptor.
    private static OpenedEntry.File Opened(long size) => new(new SafeFileHandle(-1, ownsHandle: false), size, Mtime, Mtime);
}
