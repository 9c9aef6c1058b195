using System.Diagnostics;
using System.Globalization;
using IngestPlatform.LanguageDetector.Detection;
using Microsoft.Extensions.Options;

namespace IngestPlatform.LanguageDetector.Bench;

/// <summary>Start-up time and resident memory of one engine, measured alone in a fresh process.</summary>
internal static class Probe
{
    public sealed record Result(double ReadySeconds, double PeakMegabytes);

    /// <summary>Child side: build the identifier (all languages, models preloaded), detect, report.</summary>
    public static void Run(LanguageDetectionEngine engine)
    {
        var clock = Stopwatch.StartNew();
        var options = Options.Create(new LanguageDetectionOptions { Engine = engine, PreloadModels = true });
        ILanguageIdentifier identifier = engine == LanguageDetectionEngine.Fast
            ? new NgramLanguageIdentifier(options)
            : new LinguaLanguageIdentifier(options);
        identifier.Identify("Le vif renard brun saute par-dessus le chien paresseux.");
        var ready = clock.Elapsed.TotalSeconds;
        // Short texts use every n-gram order, so these touch every table the engine has.
        foreach (var text in new[] { "Быстрая лиса", "The quick brown fox", "Der schnelle Fuchs", "Ο γρήγορος αλεπού", "سریع روباه" })
        {
            identifier.Identify(text);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ready} {process.PeakWorkingSet64 / 1048576.0}"));
    }

    /// <summary>Parent side: run this program again as the probe and read its one-line answer.</summary>
    public static Result Spawn(LanguageDetectionEngine engine)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Probe).Assembly.Location);
        }

        start.ArgumentList.Add("--probe");
        start.ArgumentList.Add(engine.ToString());
        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1].Split(' ');
        child.WaitForExit();
        return new Result(double.Parse(line[0], CultureInfo.InvariantCulture), double.Parse(line[1], CultureInfo.InvariantCulture));
    }
}
