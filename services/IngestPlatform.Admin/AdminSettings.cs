using System.ComponentModel.DataAnnotations;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace IngestPlatform.Admin;

/// <summary>
/// Where the admin tool finds the broker and the database: the services' own settings from the environment
/// (<c>RabbitMq__*</c>, <c>ConnectionStrings__Ingest</c>), so an operator's shell configured for the services needs
/// nothing more; an option on the command line wins.
/// </summary>
internal static class AdminSettings
{
    private static readonly IConfiguration Environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static RabbitMqOptions RabbitMq()
    {
        var options = new RabbitMqOptions();
        Environment.GetSection(RabbitMqOptions.SectionName).Bind(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }

    /// <summary>The given connection string, else <c>ConnectionStrings__Ingest</c>.</summary>
    public static string ConnectionString(string? given) =>
        given ?? Environment.GetConnectionString("Ingest")
        ?? throw new AdminException("No database: pass --connection or set ConnectionStrings__Ingest.");

    /// <summary>The given management API, else the broker's host on RabbitMQ's default management port.</summary>
    public static Uri Management(Uri? given) => given ?? new Uri($"http://{RabbitMq().Host}:15672/");
}

/// <summary>A command that cannot do what it was asked, with a message for the operator (exit code 1).</summary>
public sealed class AdminException(string message, Exception? inner = null) : Exception(message, inner);
