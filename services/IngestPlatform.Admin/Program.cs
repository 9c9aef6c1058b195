using IngestPlatform.Admin;

return await AdminCommands.Build().Parse(args).InvokeAsync();
