using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Hub;

// What a Hub tells us about one party behind it. Stream: hubparty:{hub partner}:{CC}:{PID}:{ROLE} (one per reported
// party and role under that Hub: a party with several roles has one ClientInfo per role). Metadata: see Audit/EventMetadata.

/// <summary>A ClientInfo the Hub PUT to us, as received (country_code, party_id and role upper-cased in the key fields).</summary>
public sealed record ClientInfoReceived(string HubPartnerId, string CountryCode, string PartyId, string Role, string Status,
    DateTimeOffset LastUpdated, JsonObject ClientInfo);

/// <summary>
/// The Hub reported a party CONNECTED again after another status: a pull of the Hub's SENDER lists was enrolled in the
/// outbox with this event, so that what the party changed while unreachable is read.
/// </summary>
public sealed record HubPartyCatchUpPullRequested(string HubPartnerId, string CountryCode, string PartyId, string Role, string PreviousStatus,
    string[] Modules);
