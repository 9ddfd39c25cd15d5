using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Cdrs;

public enum CdrOutcome
{
    Received,
    /// <summary>The same CDR again: a push records the redelivery, a pull skips it.</summary>
    Redelivered,
    /// <summary>The id is held with other content: refused, the original kept (corrections come as credit CDRs).</summary>
    Conflicting,
}

/// <summary>A CDR is immutable: the rule a POST and a pulled CDR share.</summary>
public static class CdrDecision
{
    public static CdrOutcome Decide(IObjectStream<CdrView> stream, PartyRef owner, string cdrId, JsonObject cdr, ObjectSource source)
    {
        if (stream.Aggregate is { } held)
        {
            if (!JsonNode.DeepEquals(held.Cdr, cdr)) return CdrOutcome.Conflicting;
            if (source == ObjectSource.Push) stream.AppendOne(new CdrRedelivered(cdrId));
            return CdrOutcome.Redelivered;
        }
        stream.AppendOne(new CdrReceived(owner.CountryCode, owner.PartyId, cdrId, cdr));
        return CdrOutcome.Received;
    }
}
