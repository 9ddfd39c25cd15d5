using System.Text.Json.Nodes;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Sessions;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Validation;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Pull;

/// <summary>What a pulled object made: the same event a push makes, nothing (not newer, or known), or a refusal.</summary>
public enum PulledOutcome
{
    Appended,
    Unchanged,
    Refused,
}

/// <summary>
/// One SENDER list we pull: the OCPI module, the schema its objects are validated with (the receiver's), and the write
/// that decides the object with the receiver's own rule (<see cref="WholeObjectPut"/>, <see cref="CdrDecision"/>).
/// </summary>
public sealed record PullModule(string Name, ObjectSchema Schema, string StreamKind,
    Func<ObjectStreamWriter, EventStamp, PartyRef, string, JsonObject, CancellationToken, Task<PulledOutcome>> Write)
{
    public VersionEndpoint? SenderOf(Partner partner) => partner.FindEndpoint(Name, InterfaceRole.SENDER);
}

public static class PullModules
{
    public static IReadOnlyList<PullModule> All { get; } =
    [
        new(ModuleId.Locations, LocationSchemas.Location, "location", (writer, stamp, owner, id, body, ct) =>
            PutAsync<LocationView>(writer, stamp, StreamKeys.For("location", owner, id), body, ct,
                b => new LocationPut(owner.CountryCode, owner.PartyId, id, b),
                (received, held, b) => new LocationStaleUpdateIgnored("location", null, null, received, held, b))),
        new(ModuleId.Sessions, SessionSchemas.Session, "session", (writer, stamp, owner, id, body, ct) =>
            PutAsync<SessionView>(writer, stamp, StreamKeys.For("session", owner, id), body, ct,
                b => new SessionPut(owner.CountryCode, owner.PartyId, id, b),
                (received, held, b) => new SessionStaleUpdateIgnored(received, held, b))),
        new(ModuleId.Cdrs, CdrSchemas.Cdr, "cdr", async (writer, stamp, owner, id, body, ct) =>
            await writer.WriteAsync<CdrView, CdrOutcome>(stamp, StreamKeys.For("cdr", owner, id),
                    stream => CdrDecision.Decide(stream, owner, id, body, ObjectSource.Pull), ct) switch
                {
                    CdrOutcome.Received => PulledOutcome.Appended,
                    CdrOutcome.Redelivered => PulledOutcome.Unchanged,
                    _ => PulledOutcome.Refused,
                }),
        new(ModuleId.Tariffs, TariffSchemas.Tariff, "tariff", (writer, stamp, owner, id, body, ct) =>
            PutAsync<TariffView>(writer, stamp, StreamKeys.For("tariff", owner, id), body, ct,
                b => new TariffPut(owner.CountryCode, owner.PartyId, id, b),
                (received, held, b) => new TariffStaleUpdateIgnored(received, held, b))),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToList();

    public static PullModule ByName(string name) => All.Single(m => m.Name == name);

    private static async Task<PulledOutcome> PutAsync<TView>(ObjectStreamWriter writer, EventStamp stamp, string streamKey, JsonObject body,
        CancellationToken ct, Func<JsonObject, object> put, Func<DateTimeOffset, DateTimeOffset, JsonObject, object> stale)
        where TView : class, IHeldObject =>
        await writer.WriteAsync<TView, PutOutcome>(stamp, streamKey,
                stream => WholeObjectPut.Decide(stream, body, ObjectSource.Pull, put, stale), ct) switch
            {
                PutOutcome.Created or PutOutcome.Replaced => PulledOutcome.Appended,
                _ => PulledOutcome.Unchanged,
            };
}
