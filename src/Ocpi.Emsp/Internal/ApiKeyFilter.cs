using Ocpi.Emsp.Hosting.OpenApi;

namespace Ocpi.Emsp.Internal;

/// <summary>Guards the internal API (/api) with the X-Api-Key header.</summary>
public sealed class ApiKeyFilter(ApiKeyStore keys) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        if (!await keys.AcceptsAsync(presented, context.HttpContext.RequestAborted))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong X-Api-Key header");
        return await next(context);
    }
}

public static class InternalApi
{
    public const string GroupName = "internal";

    /// <summary>The /api group: X-Api-Key, bodies that hold only characters, documented in the "internal" OpenAPI document.</summary>
    public static RouteGroupBuilder MapInternalApi(this IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGroup("/api" + prefix)
            .WithGroupName(GroupName)
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilterFactory(BodyTextFilter.Create)
            .WithMetadata(new SecuritySchemes.RequiresScheme(SecuritySchemes.ApiKey))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
