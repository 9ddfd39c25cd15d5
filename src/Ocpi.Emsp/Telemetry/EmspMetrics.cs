using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Partners;

namespace Ocpi.Emsp.Telemetry;

/// <summary>
/// The service's own instruments (meter <c>Ocpi.Emsp</c>). The hot paths (every OCPI request, every stored push, every
/// group commit, every authorization) only add to counters and histograms with tags from cached strings: no string is
/// built and nothing is boxed per call. The gauges read from the database live in <see cref="OperationalGauges"/>.
/// Partners are labelled by their party ("DE-CPX"), never by a token or our internal partner id.
/// </summary>
public sealed class EmspMetrics
{
    public const string MeterName = "Ocpi.Emsp";
    public const string NoParty = "none";

    private static readonly object[] StatusCodes = [.. Enumerable.Range(0, 600).Select(object (i) => i)];
    private readonly ConditionalWeakTable<Partner, string> _partyOfPartner = new();
    private readonly ConcurrentDictionary<string, (string Module, string Party)> _streamLabels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Module, string Party)>.AlternateLookup<ReadOnlySpan<char>> _streamLabelsBySpan;
    private readonly Histogram<double>? _requestDuration;
    private readonly Counter<long>? _pushesStored;
    private readonly Histogram<int>? _batchSize;
    private readonly Histogram<double>? _authorizationDuration;

    /// <param name="meters">The host's meter factory: it owns (and disposes) the meter.</param>
    /// <param name="options">Telemetry off: no meter and no instruments (every method returns at once).</param>
    public EmspMetrics(IMeterFactory meters, IOptions<TelemetryOptions> options)
    {
        if (!options.Value.Enabled) return;
        Meter = meters.Create(MeterName);
        _streamLabelsBySpan = _streamLabels.GetAlternateLookup<ReadOnlySpan<char>>();
        _requestDuration = Meter.CreateHistogram("emsp.ocpi.request.duration", "s",
            "OCPI requests received, by module, partner (party), method and HTTP status: rate and latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Seconds });
        _pushesStored = Meter.CreateCounter<long>("emsp.pushes.stored", "{push}",
            "Objects written with their events committed, by module, owning party and source (ocpi: a partner's push; pull: read by pull sync).");
        _batchSize = Meter.CreateHistogram("emsp.group_commit.batch.size", "{write}",
            "Writes taken by one group-commit transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
        _authorizationDuration = Meter.CreateHistogram("emsp.authorization.duration", "s",
            "Real-time authorizations, by partner and outcome (allowed value, unknown_token, refused), decision stored included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Seconds });
    }

    /// <summary>Null when telemetry is off.</summary>
    public Meter? Meter { get; }

    /// <summary>Latency buckets from 0.5 ms: the write path answers in a few milliseconds.</summary>
    private static readonly double[] Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public void OcpiRequest(string module, Partner? partner, string method, int status, long startedTimestamp)
    {
        if (_requestDuration is not { Enabled: true }) return;
        var tags = new TagList
        {
            { "module", module },
            { "partner", partner is null ? NoParty : PartyOf(partner) },
            { "method", method },
            { "status", StatusCodes[(uint)status < StatusCodes.Length ? status : 0] },
        };
        _requestDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <param name="streamKey">"session:NL-TNM:ID": the module and the owning party are read from it (cached per prefix).</param>
    /// <param name="source">The stamp's source: a constant string ("ocpi", "pull").</param>
    public void PushStored(string streamKey, string source)
    {
        if (_pushesStored is not { Enabled: true }) return;
        var (module, party) = StreamLabels(streamKey);
        _pushesStored.Add(1, new("module", module), new("partner", party), new("source", source));
    }

    public void GroupCommitBatch(int writes) => _batchSize?.Record(writes);

    /// <param name="outcome">A constant string: the allowed value, or unknown_token, or refused.</param>
    public void Authorization(Partner? partner, string outcome, long startedTimestamp)
    {
        if (_authorizationDuration is not { Enabled: true }) return;
        _authorizationDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new("partner", partner is null ? NoParty : PartyOf(partner)), new("outcome", outcome));
    }

    /// <summary>"DE-CPX": the party our requests address (a Hub itself, else its CPO role); cached per partner view instance.</summary>
    public string PartyOf(Partner partner) => _partyOfPartner.GetValue(partner, static p => Label(p));

    public static string Label(Partner partner) => partner.AddressedParty() is { } party ? $"{party.CountryCode}-{party.PartyId}" : NoParty;

    private (string Module, string Party) StreamLabels(string streamKey)
    {
        var kindEnd = streamKey.IndexOf(':');
        var partyEnd = kindEnd < 0 ? -1 : streamKey.IndexOf(':', kindEnd + 1);
        var prefix = partyEnd < 0 ? streamKey.AsSpan() : streamKey.AsSpan(0, partyEnd);
        if (_streamLabelsBySpan.TryGetValue(prefix, out var labels)) return labels;
        labels = kindEnd < 0
            ? (streamKey, NoParty)
            : ($"{streamKey[..kindEnd]}s", partyEnd < 0 ? streamKey[(kindEnd + 1)..] : streamKey[(kindEnd + 1)..partyEnd]);
        _streamLabels.TryAdd(prefix.ToString(), labels);
        return labels;
    }
}
