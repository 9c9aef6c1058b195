using IngestPlatform.Contracts;
using IngestPlatform.Watcher.Inbox;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// <see cref="InboxAdmission"/>'s listing rules and its verdict on folders, from names and flags alone.
/// (When_listing_an_inbox_with_sub_folders_and_globs walks a real folder tree with them.)
/// </summary>
public class When_the_watcher_meets_an_inbox_entry
{
    [Theory]
    [InlineData("report.txt.part")]
    [InlineData("download.crdownload")]
    [InlineData("x.tmp")]
    [InlineData("~lock.docx")]
    [InlineData(".hidden.txt")]
    [InlineData("copied-back.txt.error.json")]
    public void Should_skip_in_progress_names_dotfiles_and_sidecars(string name)
    {
        var admission = new InboxAdmission(new WatcherOptions());

        Assert.Equal(ListingStep.Skip, admission.Classify(name, name, isDirectory: false, isLink: false, isExitFolder: false));
    }

    [Fact]
    public void Should_list_an_ordinary_file_when_no_glob_is_set()
    {
        var admission = new InboxAdmission(new WatcherOptions());

        Assert.Equal(ListingStep.List, admission.Classify("article.txt", "article.txt", isDirectory: false, isLink: false, isExitFolder: false));
        Assert.Equal(ListingStep.List, admission.Classify("partial-results.txt", "partial-results.txt", isDirectory: false, isLink: false, isExitFolder: false));
    }

    [Fact]
    public void Should_never_look_into_the_exit_folders_even_when_recursive()
    {
        var admission = new InboxAdmission(new WatcherOptions { Recursive = true });

        Assert.Equal(ListingStep.Skip, admission.Classify("processed", "processed", isDirectory: true, isLink: false, isExitFolder: true));
    }

    [Fact]
    public void Should_descend_into_sub_folders_only_when_recursive_and_never_through_a_link()
    {
        var flat = new InboxAdmission(new WatcherOptions());
        var recursive = new InboxAdmission(new WatcherOptions { Recursive = true });

        Assert.Equal(ListingStep.List, flat.Classify("sub", "sub", isDirectory: true, isLink: false, isExitFolder: false));
        Assert.Equal(ListingStep.Descend, recursive.Classify("sub", "sub", isDirectory: true, isLink: false, isExitFolder: false));
        Assert.Equal(ListingStep.List, recursive.Classify("loop", "sub/loop", isDirectory: true, isLink: true, isExitFolder: false));
    }

    [Fact]
    public void Should_apply_include_and_exclude_globs_to_files_with_exclude_winning()
    {
        var options = new WatcherOptions { Recursive = true };
        options.Include.Add("*.txt");
        options.Exclude.Add("drafts/**");
        var admission = new InboxAdmission(options);

        Assert.Equal(ListingStep.List, admission.Classify("c.txt", "sub/deeper/c.txt", isDirectory: false, isLink: false, isExitFolder: false));
        Assert.Equal(ListingStep.Skip, admission.Classify("b.log", "b.log", isDirectory: false, isLink: false, isExitFolder: false));
        Assert.Equal(ListingStep.Skip, admission.Classify("e.txt", "drafts/e.txt", isDirectory: false, isLink: false, isExitFolder: false));
        // Globs choose files: a folder is still walked into, or listed to be refused.
        Assert.Equal(ListingStep.Descend, admission.Classify("drafts", "drafts", isDirectory: true, isLink: false, isExitFolder: false));
    }

    [Fact]
    public void Should_match_globs_case_sensitively_like_the_file_system()
    {
        var options = new WatcherOptions();
        options.Include.Add("*.txt");
        var admission = new InboxAdmission(options);

        Assert.Equal(ListingStep.Skip, admission.Classify("A.TXT", "A.TXT", isDirectory: false, isLink: false, isExitFolder: false));
    }

    [Fact]
    public void Should_refuse_a_folder_saying_why_it_was_not_walked_into()
    {
        var flat = new InboxAdmission(new WatcherOptions()).JudgeFolder(linkTarget: null);
        var recursive = new InboxAdmission(new WatcherOptions { Recursive = true }).JudgeFolder(linkTarget: null);
        var link = new InboxAdmission(new WatcherOptions { Recursive = true }).JudgeFolder("/etc");

        Assert.Equal((RefusalReasons.Folder, "A directory, not a file: only files directly in the inbox are taken (Watcher:Recursive=false)."), (flat.Code, flat.Reason));
        Assert.Equal(RefusalReasons.Folder, recursive.Code);
        Assert.Contains("could not be descended into", recursive.Reason, StringComparison.Ordinal);
        Assert.Equal((RefusalReasons.SymbolicLink, "A symbolic link to the folder '/etc': links to folders are not followed."), (link.Code, link.Reason));
    }
}
