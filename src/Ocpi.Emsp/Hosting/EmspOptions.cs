using Ocpi.Protocol.Common;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Hosting;

/// <summary>Configuration section <c>Emsp</c>: who we are and where partners reach us.</summary>
public sealed class EmspOptions
{
    public const string Section = "Emsp";

    /// <summary>Absolute base URL used in every URL we hand out (versions URL, endpoints, Location headers).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    public string CountryCode { get; set; } = "NL";
    public string PartyId { get; set; } = "EMS";
    public string Name { get; set; } = "Ocpi.Emsp";
    public string? Website { get; set; }

    /// <summary>Internal API key (header X-Api-Key). When absent, one is generated on first start and stored.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Timeout for each call we make to a partner.</summary>
    public TimeSpan PartnerCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many group-commit transactions for partner pushes may run at once on this node (see GroupCommit).</summary>
    public int WriteTransactions { get; set; } = 2;

    /// <summary>
    /// Largest object stored for a partner (a Location with its EVSEs, a Session, a CDR, a Tariff) as compact JSON; a push
    /// that would make one larger is refused with 2001 and nothing is stored.
    /// </summary>
    public int MaxObjectBytes { get; set; } = ObjectLimits.DefaultMaxObjectBytes;

    /// <summary>Largest total of fields outside the spec's table in one JSON object of a stored object (2001 beyond).</summary>
    public int MaxUnknownFieldBytes { get; set; } = ObjectLimits.DefaultMaxUnknownFieldBytes;

    public ObjectLimits ObjectLimits => new(MaxObjectBytes, MaxUnknownFieldBytes);

    public PartyRef Party => new(CountryCode, PartyId);

    public string BaseUrl => PublicUrl.TrimEnd('/');
}
