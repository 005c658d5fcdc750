using S3Consumer.ErrorQueues;

return await ErrorQueueCommands.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
