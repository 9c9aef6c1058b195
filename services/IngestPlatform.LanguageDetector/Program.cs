using IngestPlatform.LanguageDetector;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.ServiceDefaults;

// Run by the build (see the .csproj): turns Lingua's model files into the compact index the service loads.
if (args is ["--build-ngram-index", var models, var output])
{
    NgramIndex.BuildFromLinguaModels(models).Save(output);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLanguageDetector();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
