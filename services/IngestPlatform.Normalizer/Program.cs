using IngestPlatform.Normalizer;
using IngestPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNormalizer();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
