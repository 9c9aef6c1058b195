using IngestPlatform.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IngestPlatform.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, driven by Playwright's bundled Node driver, offline) over the
/// real stack: the seeds and two files that cannot be documents are dropped while the page is open, and what a
/// person would look for is there. Screenshots go to <c>screenshots/</c> beside the test assembly (CI's artifacts).
/// </summary>
[Collection(DashboardCollection.Name)]
public class When_the_seeds_are_dropped_with_the_dashboard_open(RabbitMqFixture broker, PostgresFixture database, ITestOutputHelper output)
{
    /// <summary>Where Debian's chromium package installs the browser; <c>INGEST_CHROMIUM</c> overrides it.</summary>
    private static readonly string Chromium = Environment.GetEnvironmentVariable("INGEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly float Patience = 120_000;

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [SkippableFact]
    public async Task Should_show_them_stored_searchable_and_the_refused_files_with_their_reasons()
    {
        Skip.If(!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true",
            $"{Chromium} is not installed (apt-get install chromium; tests/run.sh does it).");
        Directory.CreateDirectory(Screenshots);
        await using var stack = await DashboardStack.StartAsync(broker, database, output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        // Every expectation below waits up to this long: the pipeline's first documents take a while on a loaded machine.
        Assertions.SetDefaultExpectTimeout(Patience);
        try
        {
            await page.GotoAsync(stack.ApiUrl.ToString(), new PageGotoOptions { Timeout = Patience });
            // Every stage's queue has its consumer, and the active watcher reports an empty inbox.
            foreach (var queue in new[] { "normalizer", "language-detector", "storage", "storage-rejections" })
            {
                await Assertions.Expect(page.Locator($"[data-queue='{queue}'] td").Nth(4)).ToHaveTextAsync("1");
            }

            await Assertions.Expect(page.GetByTestId("inbox-waiting").Locator(".n")).ToHaveTextAsync("0");

            var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToArray();
            foreach (var seed in seeds)
            {
                stack.Drop(seed);
            }

            // A PNG header: binary, refused by the normalizer; an empty file, refused by the watcher at the door.
            stack.Write("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);
            stack.Write("empty.txt", []);

            // The page follows the burst by itself (polling): no reload.
            await Assertions.Expect(page.GetByTestId("documents").Locator(".n")).ToHaveTextAsync(seeds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.GetByTestId("failures").Locator(".n")).ToHaveTextAsync("2");
            await Assertions.Expect(page.GetByTestId("languages")).ToContainTextAsync("fr");
            await Assertions.Expect(page.GetByTestId("last-minute").Locator(".n")).Not.ToHaveTextAsync("0");
            await Assertions.Expect(page.GetByTestId("timeline").Locator("rect[height]:not([height='0.0'])")).Not.ToHaveCountAsync(0);
            await ShotAsync(page, "dashboard");

            // Search "otan": the seeds about NATO, the word highlighted.
            await page.Locator("nav a[data-nav='search']").ClickAsync();
            await page.GetByTestId("search-box").FillAsync("otan");
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Search" }).ClickAsync();
            var hits = page.GetByTestId("hits").Locator(".hit");
            await Assertions.Expect(hits.First).ToBeVisibleAsync();
            await Assertions.Expect(hits.First.Locator("mark").First).ToHaveTextAsync("otan", new LocatorAssertionsToHaveTextOptions { IgnoreCase = true });
            await ShotAsync(page, "search-otan");

            // Open the first hit: its text, French, and its source file with the encoding the normalizer chose.
            var title = await hits.First.Locator("a").InnerTextAsync();
            await hits.First.Locator("a").ClickAsync();
            await Assertions.Expect(page.GetByTestId("document-title")).ToHaveTextAsync(title);
            await Assertions.Expect(page.GetByTestId("document-language")).ToContainTextAsync("fr");
            await Assertions.Expect(page.GetByTestId("document-text")).ToContainTextAsync("otan", new LocatorAssertionsToContainTextOptions { IgnoreCase = true });
            await Assertions.Expect(page.GetByTestId("sources").Locator("tbody tr")).Not.ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("sources")).ToContainTextAsync("utf-8");
            await Assertions.Expect(page.GetByTestId("sources")).ToContainTextAsync("stored");
            await ShotAsync(page, "document");

            // The refused binary file, with the normalizer's reason; the empty one, with where the watcher put it.
            await page.Locator("nav a[data-nav='failures']").ClickAsync();
            var picture = page.Locator("[data-testid='failures'] tr[data-file='picture.png']");
            await Assertions.Expect(picture).ToContainTextAsync("normalizer");
            await Assertions.Expect(picture).ToContainTextAsync("binary");
            await Assertions.Expect(picture).ToContainTextAsync("PNG");
            var empty = page.Locator("[data-testid='failures'] tr[data-file='empty.txt']");
            await Assertions.Expect(empty).ToContainTextAsync("watcher");
            await Assertions.Expect(empty).ToContainTextAsync("The file is empty.");
            await Assertions.Expect(empty).ToContainTextAsync("failed/empty.txt");
            await ShotAsync(page, "failures");

            // Filtered to the watcher's refusals: only the empty file.
            await page.Locator("select[name='stage']").SelectOptionAsync("watcher");
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Filter" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid='failures'] tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid='failures'] tbody tr")).ToContainTextAsync("empty.txt");
        }
        catch
        {
            await ShotAsync(page, "failed-at");
            output.WriteLine(stack.Logs);
            throw;
        }
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
