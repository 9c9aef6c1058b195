using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace IngestPlatform.Admin;

/// <summary>The operator's commands: <c>replay &lt;queue&gt;_error [--dry-run]</c> (the dashboard issue adds more).</summary>
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

        return new RootCommand("IngestPlatform administration.") { rabbitMq, replay };
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
