using PromoServerless.FunctionsHost.Protocol;

namespace PromoServerless.FunctionsHost.Workers;

/// <summary>Writes the worker's logs (<c>RpcLog</c>) to the host's loggers under the worker's own categories.</summary>
internal static class WorkerLogs
{
    public static void Write(ILoggerFactory loggers, RpcLog log)
    {
        var logger = loggers.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category);
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };

        // The worker's system logs are the host's diagnostics; a user's function logs keep their level.
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.System && level > LogLevel.Debug && level < LogLevel.Warning)
        {
            level = LogLevel.Debug;
        }

        if (level != LogLevel.None && logger.IsEnabled(level))
        {
#pragma warning disable CA2254 // The message is the worker's, already formatted.
            logger.Log(level, log.Exception is { } ex ? $"{log.Message} {ex.Type}: {ex.Message}\n{ex.StackTrace}" : log.Message);
#pragma warning restore CA2254
        }
    }
}
