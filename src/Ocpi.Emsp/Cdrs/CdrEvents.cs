using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Cdrs;

// What a CPO told us about one CDR. Stream: cdr:{CC}-{PID}:{ID}. CDRs never change: corrections come as credit CDRs.

/// <summary>A CDR POSTed to us.</summary>
public sealed record CdrReceived(string CountryCode, string PartyId, string CdrId, JsonObject Cdr);

/// <summary>The same CDR, identical in content, POSTed again (a retry whose answer was lost): accepted, recorded, no change.</summary>
public sealed record CdrRedelivered(string CdrId);
