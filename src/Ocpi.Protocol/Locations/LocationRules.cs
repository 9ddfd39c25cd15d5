using System.Text.Json;
using System.Text.RegularExpressions;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Locations;

/// <summary>
/// Cross-field rules of mod_locations.asciidoc that a field table cannot express. Each runs after the table of its object
/// (whole objects only) and stays silent about values the table already refused (wrong type, missing), so that every
/// violation is reported once.
/// </summary>
internal static partial class LocationRules
{
    /// <summary>RegularHours.period_begin/period_end: "Regex: <c>([0-1][0-9]|2[0-3]):[0-5][0-9]</c>".</summary>
    internal const string TimeOfDayPattern = "([0-1][0-9]|2[0-3]):[0-5][0-9]";

    [GeneratedRegex("^(?:" + TimeOfDayPattern + ")$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    /// <summary>
    /// Hours.regular_hours: "Only to be used if <c>twentyfourseven=false</c>, then this field needs to contain at least one
    /// RegularHours object."
    /// </summary>
    internal static void RegularHoursMatchTwentyFourSeven(JsonElement hours, string path, ValidationResult result)
    {
        if (!TryGetBoolean(hours, "twentyfourseven", out var twentyFourSeven)) return;
        int count;
        if (!IsSet(hours, "regular_hours", out var regularHours)) count = 0;
        else if (regularHours.ValueKind == JsonValueKind.Array) count = regularHours.GetArrayLength();
        else return; // not a list: reported by the table
        if (twentyFourSeven && count > 0)
            result.Add(Join(path, "regular_hours"), "must be empty when twentyfourseven is true");
        else if (!twentyFourSeven && count == 0)
            result.Add(Join(path, "regular_hours"), "must contain at least one RegularHours when twentyfourseven is false");
    }

    /// <summary>
    /// RegularHours: weekday "from Monday (1) till Sunday (7)"; period_end "Must be later than <c>period_begin</c>".
    /// </summary>
    internal static void RegularHoursWeekdayAndPeriod(JsonElement regularHours, string path, ValidationResult result)
    {
        // Values with more than one digit are refused by int(1) already.
        if (IsSet(regularHours, "weekday", out var weekday) && weekday.ValueKind == JsonValueKind.Number &&
            weekday.TryGetInt64(out var day) && day is >= -9 and <= 9 && day is < 1 or > 7)
            result.Add(Join(path, "weekday"), $"{day} is not a weekday (1 = Monday .. 7 = Sunday)");

        if (TryGetString(regularHours, "period_begin", out var begin) && TimeOfDay().IsMatch(begin) &&
            TryGetString(regularHours, "period_end", out var end) && TimeOfDay().IsMatch(end) &&
            string.CompareOrdinal(end, begin) <= 0)
            result.Add(Join(path, "period_end"), $"'{end}' must be later than period_begin '{begin}'");
    }

    /// <summary>
    /// PublishTokenType: "At least one of the following fields SHALL be set: <c>uid</c>, <c>visual_number</c>, or
    /// <c>group_id</c>. When <c>uid</c> is set, <c>type</c> SHALL also be set. When <c>visual_number</c> is set,
    /// <c>issuer</c> SHALL also be set."
    /// </summary>
    internal static void PublishTokenIdentifiesATokenOrGroup(JsonElement token, string path, ValidationResult result)
    {
        var uid = IsSet(token, "uid", out _);
        var visualNumber = IsSet(token, "visual_number", out _);
        if (!uid && !visualNumber && !IsSet(token, "group_id", out _))
            result.Add(ObjectPath(path), "at least one of uid, visual_number or group_id must be set");
        if (uid && !IsSet(token, "type", out _))
            result.Add(Join(path, "type"), "required when uid is set");
        if (visualNumber && !IsSet(token, "issuer", out _))
            result.Add(Join(path, "issuer"), "required when visual_number is set");
    }

    /// <summary>
    /// Location.publish_allowed_to: "This field may only be used when the <c>publish</c> field is set to <c>false</c>."
    /// </summary>
    internal static void PublishAllowedToOnlyWhenNotPublished(JsonElement location, string path, ValidationResult result)
    {
        if (TryGetBoolean(location, "publish", out var publish) && publish &&
            IsSet(location, "publish_allowed_to", out var allowedTo) &&
            allowedTo.ValueKind == JsonValueKind.Array && allowedTo.GetArrayLength() > 0)
            result.Add(Join(path, "publish_allowed_to"), "may only be used when publish is false");
    }

    /// <summary>
    /// Ids of the child objects in one list must differ (CiString: compared case-insensitively). Parking.id: "MUST be unique
    /// among all Parking objects in the same Location object"; EVSE.uid "uniquely identifies the EVSE within the CPOs
    /// platform"; Connector.id: "Two Connectors may have the same id as long as they do not belong to the same EVSE".
    /// </summary>
    internal static Action<JsonElement, string, ValidationResult> UniqueIds(string listField, string idField, string what) =>
        (element, path, result) =>
        {
            if (!IsSet(element, listField, out var list) || list.ValueKind != JsonValueKind.Array) return;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (TryGetString(item, idField, out var id) && !seen.Add(id))
                    result.Add(Join(path, $"{listField}[{index}].{idField}"), $"duplicate {idField} '{id}' ({what})");
                index++;
            }
        };

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string ObjectPath(string path) => path.Length == 0 ? "(body)" : path;

    /// <summary>Present and not null (absent and null are the same in OCPI).</summary>
    private static bool IsSet(JsonElement element, string field, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out value) &&
               value.ValueKind != JsonValueKind.Null;
    }

    private static bool TryGetBoolean(JsonElement element, string field, out bool value)
    {
        value = false;
        if (!IsSet(element, field, out var json) || json.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return false;
        value = json.GetBoolean();
        return true;
    }

    private static bool TryGetString(JsonElement element, string field, out string value)
    {
        value = "";
        if (!IsSet(element, field, out var json) || json.ValueKind != JsonValueKind.String) return false;
        value = json.GetString()!;
        return true;
    }
}
