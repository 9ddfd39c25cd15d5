using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Tokens;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Tokens SENDER (mod_tokens.asciidoc): the paginated list of our tokens and real-time authorization.
/// Partners never write our tokens: PUT, PATCH and DELETE are not mapped (405).
/// </summary>
public static class TokensEndpoints
{
    public const int MaxPageSize = 1000;

    public static void MapTokens(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapOcpiModule(ModuleId.Tokens, InterfaceRole.SENDER);
        tokens.MapGet("", ListAsync).WithName("GetTokens").WithSummary("Our tokens, paginated, oldest first (stable order)")
            .ProducesOcpiList(TokenSchemas.Token);
        tokens.MapPost("/{token_uid}/authorize", (string token_uid, string? type, HttpContext http, TokenAuthorizer authorizer) =>
            authorizer.AuthorizeAsync(http, token_uid, type)).WithName("AuthorizeToken").WithSummary("Real-time authorization")
            .AcceptsOcpi(TokenSchemas.LocationReferences, required: false).ProducesOcpi(TokenSchemas.AuthorizationInfo)
            .ProducesOcpiError(StatusCodes.Status404NotFound, "Unknown token (status_code 2004)");
        tokens.MapMethods("/{**path}", [HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], () =>
                OcpiResults.MethodNotAllowed("Tokens are owned by the eMSP: this is a SENDER interface, partners cannot write tokens"))
            .ExcludeFromDescription();
    }

    /// <summary>
    /// Ordered by the time we first stored each token (then its key): a change never moves a token, new tokens only
    /// append, so a walk over the pages sees every token once while tokens change.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext http, IQuerySession session, OcpiEndpointCatalog catalog)
    {
        if (!OcpiPaging.TryParse(http, MaxPageSize, out var page, out var failure)) return failure!;
        var query = session.Query<TokenView>().AsQueryable();
        if (page.DateFrom is { } from) query = query.Where(t => t.LastUpdated >= from);
        if (page.DateTo is { } to) query = query.Where(t => t.LastUpdated < to);
        var total = await query.CountAsync(http.RequestAborted);
        var items = await query.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(http.RequestAborted);
        return OcpiPaging.Page(http, catalog.ModuleUrl(ModuleId.Tokens), page, total, MaxPageSize, items.Select(t => t.Token).ToList());
    }
}
