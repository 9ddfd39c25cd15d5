using Ocpi.Protocol.Transport;
using Serilog.Context;
using Serilog.Core.Enrichers;

namespace Ocpi.Emsp.Ocpi;

/// <summary>X-Request-ID and X-Correlation-ID of the current request (generated when the caller sent none).</summary>
public sealed record OcpiRequestIds(string RequestId, string CorrelationId, DateTimeOffset ReceivedAt)
{
    public static OcpiRequestIds Of(HttpContext context) =>
        context.Items[typeof(OcpiRequestIds)] as OcpiRequestIds
        ?? new OcpiRequestIds(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
}

/// <summary>
/// First middleware of the pipeline: fixes the request and correlation ids, echoes them on every response (401s and
/// faults included) and puts them in the log context.
/// </summary>
public sealed class OcpiRequestIdsMiddleware(RequestDelegate next, TimeProvider clock)
{
    private const int MaxIdLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Read(context, OcpiHeaders.RequestId) ?? Guid.NewGuid().ToString();
        var correlationId = Read(context, OcpiHeaders.CorrelationId) ?? Guid.NewGuid().ToString();
        context.Items[typeof(OcpiRequestIds)] = new OcpiRequestIds(requestId, correlationId, clock.GetUtcNow());
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[OcpiHeaders.RequestId] = requestId;
            context.Response.Headers[OcpiHeaders.CorrelationId] = correlationId;
            return Task.CompletedTask;
        });
        // One push for both (each push copies the request's execution context).
        using (LogContext.Push(new PropertyEnricher("XRequestId", requestId), new PropertyEnricher("XCorrelationId", correlationId)))
            await next(context);
    }

    private static string? Read(HttpContext context, string header)
    {
        var value = context.Request.Headers[header].ToString().Trim();
        return value.Length is > 0 and <= MaxIdLength && value.All(c => c is >= ' ' and <= '~') ? value : null;
    }
}
