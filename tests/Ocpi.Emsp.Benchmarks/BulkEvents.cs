using System.Text.Json.Nodes;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tokens;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// The service's own Marten configuration (<see cref="MartenSetup.AddEmspMarten"/>: serializer, event metadata, inline
/// projections), built in this process without starting the host (no daemon, no Wolverine runtime), to append events in
/// bulk the way the service would store them.
/// </summary>
public sealed class ServiceEventStore : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceEventStore(WebApplication app)
    {
        _app = app;
        Store = app.Services.GetRequiredService<IDocumentStore>();
    }

    public IDocumentStore Store { get; }

    public static ServiceEventStore Create(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Marten"] = connectionString;
        builder.AddEmspMarten();
        builder.AddEmspWolverine();
        return new ServiceEventStore(builder.Build());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Loads realistic event streams in bulk with Marten's COPY-based <see cref="IDocumentStore.BulkInsertEventsAsync(IReadOnlyList{StreamAction}, int, CancellationToken)"/>
/// (no inline projections: the rebuild that follows builds every view from them): per charge a Session stream (SessionPut, ACTIVE, two charging-period
/// PATCHes, COMPLETED), a CDR stream (CdrReceived) and two EVSE status PATCHes (CHARGING, AVAILABLE) on a Location stream
/// that starts with a LocationPut. Also bulk-issues tokens (TokenIssued). Payloads are the official examples, as the
/// HTTP phases send them; event headers are what the service stamps.
/// </summary>
public sealed class BulkEvents(IDocumentStore store, Payloads payloads, PartyRef cpo, string partnerId)
{
    private const int ChargesPerBatch = 250;
    private const int EvsePatchesPerLocation = 250;
    private const int CdrsPerDay = 300;
    private static readonly DateTimeOffset FillerEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Appends exactly <paramref name="events"/> events; returns how many were appended.</summary>
    public async Task<long> AppendChargesAsync(long events, int parallelism, CancellationToken cancellationToken)
    {
        if (events <= 0) return 0;
        // Per location: 1 LocationPut + 250 EVSE PATCHes (125 charges); per charge 5 session + 1 CDR + 2 EVSE events.
        var locations = (int)Math.Max(1, Math.Ceiling(events / (1.0 + EvsePatchesPerLocation + EvsePatchesPerLocation / 2 * 6)));
        var charges = Math.Max(0, (events - locations) / 8);
        var extra = (int)(events - locations - charges * 8);

        var work = Channel.CreateUnbounded<Func<List<StreamAction>>>();
        for (long first = 0; first < charges; first += ChargesPerBatch)
        {
            var from = first;
            var to = Math.Min(charges, first + ChargesPerBatch);
            work.Writer.TryWrite(() => Charges(from, to));
        }

        for (var l = 0; l < locations; l++)
        {
            var location = l;
            work.Writer.TryWrite(() => [Location(location, locations, charges, location == 0 ? extra : 0)]);
        }

        work.Writer.Complete();
        long appended = 0;
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            await foreach (var unit in work.Reader.ReadAllAsync(cancellationToken))
            {
                var streams = unit();
                Stamp(streams, "ocpi");
                await store.BulkInsertEventsAsync(streams, 10_000, cancellationToken);
                Interlocked.Add(ref appended, streams.Sum(s => s.Events.Count));
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return appended;
    }

    /// <summary>Issues tokens as <c>PUT /api/tokens/{uid}</c> would (TokenIssued, TokenView inline), without the push.</summary>
    public async Task<int> IssueTokensAsync(PartyRef us, IReadOnlyList<(string Uid, int N)> tokens, int parallelism, CancellationToken cancellationToken)
    {
        var issued = 0;
        var batches = tokens.Chunk(500).ToList();
        var next = -1;
        var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < batches.Count)
            {
                await using var session = store.LightweightSession();
                Stamp(session, "internal-api");
                foreach (var (uid, n) in batches[i])
                {
                    var token = payloads.TokenFor(us, uid, n);
                    session.Events.StartStream<TokenView>(StreamKeys.For("token", us, $"RFID:{uid}"),
                        new TokenIssued(us.CountryCode, us.PartyId, uid, "RFID", token));
                }

                await session.SaveChangesAsync(cancellationToken);
                Interlocked.Add(ref issued, batches[i].Length);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return issued;
    }

    private void Stamp(IDocumentSession session, string source)
    {
        var requestId = Guid.NewGuid().ToString();
        session.CorrelationId = requestId;
        session.CausationId = requestId;
        session.SetHeader(EventMetadata.SourceHeader, source);
        if (source == "ocpi") session.SetHeader(EventMetadata.PartnerHeader, partnerId);
        session.SetHeader(EventMetadata.RequestIdHeader, requestId);
        session.SetHeader(EventMetadata.ReceivedAtHeader, Payloads.Format(DateTimeOffset.UtcNow));
    }

    /// <summary>Headers and ids as <see cref="EventMetadata.StampFromOcpiRequest"/> sets them, one "request" per stream.</summary>
    private void Stamp(List<StreamAction> streams, string source)
    {
        var receivedAt = Payloads.Format(DateTimeOffset.UtcNow);
        foreach (var stream in streams)
        {
            var requestId = Guid.NewGuid().ToString();
            foreach (var e in stream.Events)
            {
                e.CorrelationId = requestId;
                e.CausationId = requestId;
                e.SetHeader(EventMetadata.SourceHeader, source);
                e.SetHeader(EventMetadata.PartnerHeader, partnerId);
                e.SetHeader(EventMetadata.RequestIdHeader, requestId);
                e.SetHeader(EventMetadata.ReceivedAtHeader, receivedAt);
            }
        }
    }

    private IEventRegistry Registry => (IEventRegistry)store.Options.Events;

    private List<StreamAction> Charges(long from, long to)
    {
        var streams = new List<StreamAction>();
        for (var k = from; k < to; k++)
        {
            var id = $"F{k:D9}";
            var start = FillerEpoch.AddDays(k / CdrsPerDay).AddMinutes(k % CdrsPerDay * 4);
            var end = start.AddMinutes(118);
            var sessionBody = payloads.SessionFor(cpo, id);
            sessionBody["start_date_time"] = Payloads.Format(start);
            sessionBody["last_updated"] = Payloads.Format(start);
            streams.Add(StreamAction.Start(Registry, StreamKeys.For("session", cpo, id),
                new SessionPut(cpo.CountryCode, cpo.PartyId, id, sessionBody),
                new SessionPatched(new JsonObject { ["status"] = "ACTIVE", ["last_updated"] = Payloads.Format(start.AddMinutes(1)) }),
                new SessionPatched(ChargingPeriod(start, 40, 5.5m)),
                new SessionPatched(ChargingPeriod(start, 80, 11.2m)),
                new SessionPatched(new JsonObject
                {
                    ["status"] = "COMPLETED", ["end_date_time"] = Payloads.Format(end), ["kwh"] = 15.342m,
                    ["total_cost"] = new JsonObject { ["before_taxes"] = 4.00m, ["taxes"] = new JsonArray(new JsonObject { ["name"] = "VAT", ["amount"] = 0.40m }) },
                    ["last_updated"] = Payloads.Format(end),
                })));
            streams.Add(StreamAction.Start(Registry, StreamKeys.For("cdr", cpo, id),
                new CdrReceived(cpo.CountryCode, cpo.PartyId, id, payloads.CdrFor(cpo, id, end))));
        }

        return streams;
    }

    private JsonObject ChargingPeriod(DateTimeOffset start, int minutes, decimal kwh)
    {
        var patch = (JsonObject)payloads.ChargingPeriodPatch.DeepClone();
        patch["kwh"] = kwh;
        patch["charging_periods"]![0]!["start_date_time"] = Payloads.Format(start.AddMinutes(minutes - 40));
        patch["charging_periods"]![0]!["dimensions"]![0]!["volume"] = kwh;
        patch["last_updated"] = Payloads.Format(start.AddMinutes(minutes));
        return patch;
    }

    /// <summary>A Location stream: its LocationPut, then the EVSE status PATCHes of the charges that ran there.</summary>
    private StreamAction Location(int location, int locations, long charges, int extra)
    {
        var id = $"FLOC{location:D6}";
        var events = new List<object> { new LocationPut(cpo.CountryCode, cpo.PartyId, id, payloads.LocationFor(cpo, id)) };
        var evses = payloads.EvseUids;
        for (var k = (long)location; k < charges; k += locations)
        {
            var start = FillerEpoch.AddDays(k / CdrsPerDay).AddMinutes(k % CdrsPerDay * 4);
            var evse = evses[(int)(k / locations % evses.Count)];
            events.Add(new EvsePatched(evse, Payloads.EvseStatusPatch("CHARGING", start)));
            events.Add(new EvsePatched(evse, Payloads.EvseStatusPatch("AVAILABLE", start.AddMinutes(118))));
        }

        var last = FillerEpoch.AddYears(5);
        for (var e = 0; e < extra; e++)
            events.Add(new EvsePatched(evses[0], Payloads.EvseStatusPatch(e % 2 == 0 ? "CHARGING" : "AVAILABLE", last.AddMinutes(e))));
        return StreamAction.Start(Registry, StreamKeys.For("location", cpo, id), events.ToArray());
    }
}
