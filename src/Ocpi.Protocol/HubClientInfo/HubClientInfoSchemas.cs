using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.HubClientInfo;

/// <summary>Field tables of mod_hub_client_info.asciidoc: the ClientInfo object a Hub PUTs to each connected party.</summary>
public static class HubClientInfoSchemas
{
    public const string Connected = "CONNECTED";

    public static EnumType ConnectionStatus { get; } = Enum("ConnectionStatus", Connected, "OFFLINE", "PLANNED", "SUSPENDED");

    /// <summary>
    /// Role of 2.3.0 (credentials.asciidoc), plus HUB: 2.2.1 Hubs may still send it, and a ClientInfo is not worth refusing
    /// over a value the previous version defined.
    /// </summary>
    public static EnumType ClientRole { get; } = Enum("Role", "CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP", "HUB");

    public static ObjectSchema ClientInfo { get; } = new ObjectSchema("ClientInfo")
        .Required("party_id", PartyId)
        .Required("country_code", CountryCode)
        .Required("role", ClientRole)
        .Required("status", ConnectionStatus)
        .Required("last_updated", OcpiTypes.DateTime);
}
