using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Tariffs;

// What a CPO told us about one Tariff. Stream: tariff:{CC}-{PID}:{ID}. Metadata: see Audit/EventMetadata.

/// <summary>PUT of a whole Tariff (creates, replaces, or re-creates after a delete).</summary>
public sealed record TariffPut(string CountryCode, string PartyId, string TariffId, JsonObject Tariff);

/// <summary>DELETE: the Tariff is no longer valid (Tariffs are the only objects OCPI lets a CPO delete).</summary>
public sealed record TariffDeleted(string TariffId);

/// <summary>A PUT older than what we hold: recorded, not applied.</summary>
public sealed record TariffStaleUpdateIgnored(DateTimeOffset Received, DateTimeOffset Held, JsonObject Payload);
