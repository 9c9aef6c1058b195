using Microsoft.Extensions.Options;

namespace IngestPlatform.Api.Tests;

public class When_starting_without_a_connection_string
{
    [Fact]
    public void Should_refuse_to_start_and_name_the_setting()
    {
        using var factory = new ApiFactory(connectionString: null);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("ConnectionStrings:Ingest is not set (environment: ConnectionStrings__Ingest)", error.Message, StringComparison.Ordinal);
    }
}
