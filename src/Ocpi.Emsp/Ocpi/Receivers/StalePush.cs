using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Ordering rule of every receiver: a push whose last_updated is older than the one we hold is recorded (the audit trail
/// keeps what the partner said) but not applied, so out-of-order delivery never rolls state back; it is answered 1000
/// because the partner did nothing wrong. Equal timestamps are applied (a repeated PUT is idempotent).
/// </summary>
public static class StalePush
{
    public static bool IsStale(DateTimeOffset received, DateTimeOffset? held) => held is { } h && received < h;

    public static IResult Answer(DateTimeOffset received, DateTimeOffset held) => OcpiResults.OkWithMessage(
        $"Recorded but not applied: last_updated {OcpiDateTime.Format(received)} is older than the held {OcpiDateTime.Format(held)}");
}
