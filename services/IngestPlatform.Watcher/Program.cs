using IngestPlatform.ServiceDefaults;
using IngestPlatform.Watcher;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWatcher();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWatcherStatus();
app.Run();
