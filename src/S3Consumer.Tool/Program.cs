using S3Consumer.Tool;

return await ToolCommands.Create(ToolConsole.Standard).Parse(args).InvokeAsync();
