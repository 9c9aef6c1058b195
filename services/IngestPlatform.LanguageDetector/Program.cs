using IngestPlatform.LanguageDetector;
using IngestPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLanguageDetector();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
