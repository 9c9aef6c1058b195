using IngestPlatform.Api;
using IngestPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddQueryApi();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapQueryApi();
app.Run();
