using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStorage();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
