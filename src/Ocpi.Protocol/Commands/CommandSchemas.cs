using Ocpi.Protocol.Common;
using Ocpi.Protocol.Tokens;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Commands;

/// <summary>
/// Field tables of mod_commands.asciidoc: the five command objects an eMSP (Sender) posts to a CPO's Receiver, the
/// CPO's synchronous CommandResponse and the asynchronous CommandResult it posts back to the command's response_url.
/// </summary>
public static class CommandSchemas
{
    public const string CancelReservation = "CANCEL_RESERVATION";
    public const string ReserveNow = "RESERVE_NOW";
    public const string StartSession = "START_SESSION";
    public const string StopSession = "STOP_SESSION";
    public const string UnlockConnector = "UNLOCK_CONNECTOR";

    /// <summary>CommandType: an OpenEnum since 2.3.0, but we only send the five values whose objects the spec defines.</summary>
    public static IReadOnlyList<string> CommandTypes { get; } = [CancelReservation, ReserveNow, StartSession, StopSession, UnlockConnector];

    public static EnumType CommandResponseType { get; } =
        Enum("CommandResponseType", "NOT_SUPPORTED", "REJECTED", "ACCEPTED", "UNKNOWN_SESSION");

    public static EnumType CommandResultType { get; } = Enum("CommandResultType", "ACCEPTED", "CANCELED_RESERVATION",
        "EVSE_OCCUPIED", "EVSE_INOPERATIVE", "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT", "UNKNOWN_RESERVATION");

    public static ObjectSchema CancelReservationObject { get; } = new ObjectSchema("CancelReservation")
        .Required("response_url", Url)
        .Required("reservation_id", CiString(36));

    public static ObjectSchema ReserveNowObject { get; } = new ObjectSchema("ReserveNow")
        .Required("response_url", Url)
        .Required("token", TokenSchemas.Token)
        .Required("expiry_date", OcpiTypes.DateTime)
        .Required("reservation_id", CiString(36))
        .Required("location_id", CiString(36))
        .Optional("evse_uid", CiString(36))
        .Optional("authorization_reference", CiString(36));

    /// <summary>StartSession; evse_uid is "required when connector_id is set" (the table's description).</summary>
    public static ObjectSchema StartSessionObject { get; } = new ObjectSchema("StartSession")
        .Required("response_url", Url)
        .Required("token", TokenSchemas.Token)
        .Required("location_id", CiString(36))
        .Optional("evse_uid", CiString(36))
        .Optional("connector_id", CiString(36))
        .Optional("authorization_reference", CiString(36))
        .Rule((value, path, result) =>
        {
            if (Present(value, "connector_id") && !Present(value, "evse_uid"))
                result.Add(path.Length == 0 ? "evse_uid" : $"{path}.evse_uid", "is required when connector_id is set");
        });

    public static ObjectSchema StopSessionObject { get; } = new ObjectSchema("StopSession")
        .Required("response_url", Url)
        .Required("session_id", CiString(36));

    public static ObjectSchema UnlockConnectorObject { get; } = new ObjectSchema("UnlockConnector")
        .Required("response_url", Url)
        .Required("location_id", CiString(36))
        .Required("evse_uid", CiString(36))
        .Required("connector_id", CiString(36));

    public static ObjectSchema CommandResponse { get; } = new ObjectSchema("CommandResponse")
        .Required("result", CommandResponseType)
        .Required("timeout", Int())
        .Many("message", CommonSchemas.DisplayText);

    public static ObjectSchema CommandResult { get; } = new ObjectSchema("CommandResult")
        .Required("result", CommandResultType)
        .Many("message", CommonSchemas.DisplayText);

    /// <summary>The object a command of this type carries; null for a type we do not know (the URL segment of the POST).</summary>
    public static ObjectSchema? ObjectFor(string commandType) => commandType switch
    {
        CancelReservation => CancelReservationObject,
        ReserveNow => ReserveNowObject,
        StartSession => StartSessionObject,
        StopSession => StopSessionObject,
        UnlockConnector => UnlockConnectorObject,
        _ => null,
    };

    /// <summary>Whether the command object carries a Token (and an authorization_reference we generate).</summary>
    public static bool CarriesToken(string commandType) => commandType is StartSession or ReserveNow;

    private static bool Present(System.Text.Json.JsonElement value, string field) =>
        value.TryGetProperty(field, out var v) && v.ValueKind != System.Text.Json.JsonValueKind.Null;
}
