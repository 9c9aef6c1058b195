using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using Spectre.Console;

namespace IngestPlatform.Admin;

/// <summary>
/// The operator's commands: <c>replay &lt;queue&gt;_error [--dry-run]</c>, <c>status</c>,
/// <c>export --format jsonl|csv [--query …] [--language xx] [--output file]</c>.
/// </summary>
public static class AdminCommands
{
    public static RootCommand Build()
    {
        var rabbitMq = new Option<Uri?>("--rabbitmq")
        {
            Description = "Broker as an AMQP URI (amqp://user:password@host:port/vhost). Default: the services' RabbitMq__* settings.",
            Recursive = true,
        };
        var queue = new Argument<string>("queue") { Description = "The dead-letter queue to empty, e.g. storage_error." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the dead letters and where they would go; move nothing." };

        var replay = new Command("replay", "Move the dead letters of <queue>_error back to <queue>, one by one, and print how many.")
        {
            queue,
            dryRun,
        };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            var factory = ConnectionFactoryFor(parse.GetValue(rabbitMq));
            try
            {
                var result = await new DeadLetterReplay(factory).ReplayAsync(parse.GetRequiredValue(queue), parse.GetValue(dryRun), cancellationToken);
                Console.WriteLine(result.DryRun
                    ? $"{result.Count} message(s) in {result.From} would be moved to {result.To} (dry run: nothing moved)."
                    : $"Moved {result.Count} message(s) from {result.From} to {result.To}.");
                return 0;
            }
            catch (ReplayException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });

        var connection = new Option<string?>("--connection")
        {
            Description = "PostgreSQL connection string. Default: ConnectionStrings__Ingest, as storage has it.",
            Recursive = true,
        };
        var management = new Option<Uri?>("--management")
        {
            Description = "RabbitMQ management API (http://host:15672/). Default: the RabbitMq__Host on port 15672, with the RabbitMq__* user.",
            Recursive = true,
        };

        var status = new Command("status", "Queues (messages, consumers, rates, _error queues), documents stored and failures by stage.");
        status.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            var reader = new PipelineStatusReader(
                AdminSettings.Management(parse.GetValue(management)), AdminSettings.RabbitMq(), AdminSettings.ConnectionString(parse.GetValue(connection)));
            PipelineStatusReader.Render(await reader.ReadAsync(cancellationToken), AnsiConsole.Console);
        }));

        var format = new Option<string>("--format") { Description = "jsonl (one JSON object a line) or csv.", Required = true };
        format.AcceptOnlyFromAmong([.. DocumentExport.Formats]);
        var query = new Option<string?>("--query") { Description = "Only documents matching this full-text search (web-search syntax, as the API's q)." };
        var language = new Option<string?>("--language") { Description = "Only documents in this language (ISO 639-1, e.g. fr)." };
        var output = new Option<FileInfo?>("--output") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Write the stored documents (metadata and text), oldest first.") { format, query, language, output };
        export.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            var file = parse.GetValue(output);
            await using var writer = file is null ? Console.Out : new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
            var count = await new DocumentExport(AdminSettings.ConnectionString(parse.GetValue(connection)))
                .WriteAsync(writer, parse.GetRequiredValue(format), parse.GetValue(query), parse.GetValue(language), cancellationToken);
            // The count goes to standard error, so standard output stays the export alone.
            await Console.Error.WriteLineAsync($"Exported {count} document(s).");
        }));

        var stage = new Option<string>("--stage") { Description = "The stage to re-run: language-detector or normalizer.", Required = true };
        stage.AcceptOnlyFromAmong([.. DocumentReprocessing.ReprocessableStages]);
        var onlyLanguage = new Option<string?>("--language") { Description = "Only documents stored in this language (e.g. und, or a language a detector fix concerns)." };
        var beforeVersion = new Option<string?>("--before-version")
        {
            Description = "Only documents last run through the stage by a version older than this (e.g. 0.5.0).",
        };
        var reprocess = new Command(
            "reprocess",
            "Re-run stored documents through a stage (detector: from the stored normalized text; normalizer: from the stored decoded text, " +
            "raw bytes are not kept). Storage updates each document in place and records the run in its history.")
        {
            stage, onlyLanguage, beforeVersion,
        };
        reprocess.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            Version? before = null;
            if (parse.GetValue(beforeVersion) is { } text && !Version.TryParse(text, out before))
            {
                throw new AdminException($"--before-version must be a version such as 0.5.0; '{text}' is not.");
            }

            var result = await new DocumentReprocessing(AdminSettings.RabbitMq(), AdminSettings.ConnectionString(parse.GetValue(connection)))
                .RunAsync(parse.GetRequiredValue(stage), parse.GetValue(onlyLanguage), before, AnsiConsole.Console, cancellationToken);
            Console.WriteLine($"Sent {result.Sent} document(s) through the {result.Stage} for reprocessing (run {result.RunId}).");
        }));

        return new RootCommand("IngestPlatform administration.") { rabbitMq, connection, management, replay, status, export, reprocess };
    }

    /// <summary>Runs a command; an <see cref="AdminException"/> is the operator's to fix: its message, exit code 1.</summary>
    private static async Task<int> RunAsync(Func<Task> command)
    {
        try
        {
            await command();
            return 0;
        }
        catch (AdminException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    /// <summary>The URI when given, else <see cref="RabbitMqOptions"/> from the environment, validated as the services validate it.</summary>
    private static ConnectionFactory ConnectionFactoryFor(Uri? uri)
    {
        if (uri is not null)
        {
            return new ConnectionFactory { Uri = uri, ClientProvidedName = "ingest-admin" };
        }

        var options = new RabbitMqOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(RabbitMqOptions.SectionName).Bind(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            UserName = options.Username,
            Password = options.Password,
            ClientProvidedName = "ingest-admin",
        };
    }
}
