using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Ocpi;

/// <summary>Turns an unexpected fault into OCPI 3000 (or a problem document on the internal API), never a stack trace.</summary>
public sealed class OcpiExceptionMiddleware(RequestDelegate next, ILogger<OcpiExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var ids = OcpiRequestIds.Of(context);
            logger.LogError(e, "Unhandled fault on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            var message = $"Internal server error; quote request id {ids.RequestId} when reporting it";
            IResult result = context.Request.Path.StartsWithSegments("/ocpi")
                ? OcpiResults.Error(StatusCodes.Status500InternalServerError, OcpiStatusCode.ServerError, message)
                : Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: message);
            await result.ExecuteAsync(context);
        }
    }
}
