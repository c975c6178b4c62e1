using System.Diagnostics;

namespace ResourceShare.Api.Http;

/// <summary>
/// One line per request — method, path and query, status, milliseconds — in place of the framework's two lines
/// per request (which appsettings.json silences with the rest of Microsoft.AspNetCore below Warning).
/// </summary>
public static partial class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ResourceShare.Requests");
        return app.Use(async (context, next) =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var request = context.Request;
                Served(logger, request.Method, request.Path + request.QueryString, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Target} {Status} {ElapsedMs:0} ms")]
    private static partial void Served(ILogger logger, string method, string target, int status, double elapsedMs);
}
