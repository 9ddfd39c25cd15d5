using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>Internal API: <c>GET /api/audit/verify</c>, the chain recomputed over a range of sequence numbers.</summary>
public static class AuditVerifyApi
{
    public static void MapAuditVerifyApi(this IEndpointRouteBuilder routes) =>
        routes.MapInternalApi("/audit").WithTags("Audit")
            .MapGet("/verify", VerifyAsync).WithName("VerifyAuditChain")
            .WithSummary("Recomputes the tamper-evidence chain over the events with seq in [from, to] and reports the first " +
                         "altered, inserted or deleted event; events not sealed yet are counted, not reported");

    private static async Task<Results<Ok<AuditVerification>, ValidationProblem>> VerifyAsync(
        [AsParameters] SeqRange range, AuditChainVerifier verifier, CancellationToken ct)
    {
        var check = new QueryCheck();
        var from = Seq(check, "from", range.From);
        var to = Seq(check, "to", range.To);
        if (from is not null && to is not null && from > to) check.Fail("to", "must not be before from");
        if (check.Problem is { } problem) return problem;
        return TypedResults.Ok(await verifier.VerifyAsync(from, to, ct));
    }

    private static long? Seq(QueryCheck check, string name, string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        check.Fail(name, "must be a sequence number (the seq of an exported event)");
        return null;
    }
}

/// <summary>A range of event sequence numbers, both ends inclusive.</summary>
public sealed class SeqRange
{
    [FromQuery(Name = "from"), Description("First seq to verify, inclusive (default: the first event).")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Last seq to verify, inclusive (default: the chain's end).")]
    public string? To { get; init; }
}
