using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi;

namespace Ocpi.Emsp.Partners;

/// <summary>Internal API for the partner registry: invite a CPO, register with one, list, rotate, unregister, audit.</summary>
public static class PartnersApi
{
    public static void MapPartnersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapInternalApi("/partners").WithTags("Partners");

        api.MapPost("/invitations", InviteAsync).WithName("InvitePartner")
            .WithSummary("Issue token A for a CPO that will register with us")
            .Produces<InvitationResponse>(StatusCodes.Status201Created);
        api.MapPost("/registrations", RegisterAsync).WithName("RegisterWithPartner")
            .WithSummary("Register with a CPO using the versions URL and token A it gave us")
            .Produces<PartnerSummary>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("", ListAsync).WithName("ListPartners").WithSummary("Every partner, oldest first, optionally of one status");
        api.MapGet("/{id}", GetAsync).WithName("GetPartner").WithSummary("One partner: status, parties, endpoints")
            .Produces<PartnerSummary>().Produces(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/events", EventsAsync).WithName("GetPartnerEvents")
            .WithSummary("Every event of the partner's stream, with its metadata, in order")
            .Produces<IReadOnlyList<EventRecord>>().Produces(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/credentials/rotate", RotateAsync).WithName("RotatePartnerCredentials")
            .WithSummary("Update our credentials with the partner (new tokens both ways)")
            .Produces<PartnerSummary>().Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapDelete("/{id}", UnregisterAsync).WithName("UnregisterPartner")
            .WithSummary("Unregister from the partner (force=true ends the connection even if the partner cannot be reached)")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> InviteAsync(InvitationRequest? request, HttpContext http, IDocumentSession session,
        OcpiEndpointCatalog catalog, TimeProvider clock)
    {
        var partnerId = CredentialsTokens.NewPartnerId();
        var tokenA = CredentialsTokens.Generate();
        session.StampFromInternalRequest(http, partnerId);
        session.Events.StartStream<Partner>(partnerId,
            new PartnerInvited(partnerId, CredentialsTokens.Hash(tokenA), request?.Label, clock.GetUtcNow()));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Created($"/api/partners/{partnerId}", new InvitationResponse(partnerId, tokenA, catalog.VersionsUrl));
    }

    private static async Task<IResult> RegisterAsync(RegistrationRequest request, HttpContext http, PartnerConnector connector)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(request.VersionsUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || request.VersionsUrl!.Length > 255)
            errors["versions_url"] = ["must be an absolute http(s) URL of at most 255 characters"];
        if (string.IsNullOrEmpty(request.TokenA) || request.TokenA.Length > 64 || !request.TokenA.All(c => c is >= '!' and <= '~'))
            errors["token_a"] = ["must be 1 to 64 printable non-whitespace ASCII characters"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        try
        {
            var partner = await connector.RegisterAsync(http, request.VersionsUrl!, request.TokenA!, request.Label, http.RequestAborted);
            return Results.Created($"/api/partners/{partner.Id}", PartnerSummary.Of(partner));
        }
        catch (HandshakeException e)
        {
            return HandshakeProblem(e);
        }
    }

    private static async Task<IReadOnlyList<PartnerSummary>> ListAsync(IQuerySession session, PartnerStatus? status, CancellationToken ct)
    {
        var query = session.Query<Partner>().AsQueryable();
        if (status is { } wanted) query = query.Where(p => p.Status == wanted);
        var partners = await query.OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return partners.Select(PartnerSummary.Of).ToList();
    }

    private static async Task<IResult> GetAsync(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Partner>(id, ct) is { } partner ? Results.Ok(PartnerSummary.Of(partner)) : Results.NotFound();

    private static async Task<IResult> EventsAsync(string id, IQuerySession session, CancellationToken ct) =>
        await EventHistory.ForStreamAsync(session, id, ct) is { } events ? Results.Ok(events) : Results.NotFound();

    private static async Task<IResult> RotateAsync(string id, HttpContext http, IQuerySession session, PartnerConnector connector)
    {
        if (await session.LoadAsync<Partner>(id, http.RequestAborted) is not { IsRegistered: true } partner)
            return Results.NotFound();
        try
        {
            return Results.Ok(PartnerSummary.Of(await connector.RotateAsync(http, partner, http.RequestAborted)));
        }
        catch (HandshakeException e)
        {
            return HandshakeProblem(e);
        }
    }

    private static async Task<IResult> UnregisterAsync(string id, bool? force, HttpContext http, IQuerySession session, PartnerConnector connector)
    {
        if (await session.LoadAsync<Partner>(id, http.RequestAborted) is not { IsRegistered: true } partner)
            return Results.NotFound();
        try
        {
            await connector.UnregisterAsync(http, partner, force ?? false, http.RequestAborted);
            return Results.NoContent();
        }
        catch (HandshakeException e)
        {
            return HandshakeProblem(e);
        }
    }

    private static IResult HandshakeProblem(HandshakeException e) => Results.Problem(
        statusCode: StatusCodes.Status502BadGateway, title: "The partner's OCPI interface could not be used", detail: e.Message,
        extensions: new Dictionary<string, object?> { ["ocpi_status_code"] = e.OcpiStatus });
}
