using System.Text.Json;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Locations;

/// <summary>
/// CiString without a maximum length: the spec gives none for Parking.apds_reference. Same checks as
/// <see cref="CiStringType"/> (printable ASCII) minus the length. Belongs next to CiStringType in Validation; kept here
/// until it is moved (only the Locations module needs it so far).
/// </summary>
public sealed class UnboundedCiStringType : FieldType
{
    public static UnboundedCiStringType Instance { get; } = new();

    private UnboundedCiStringType()
    {
    }

    public override string Name => "CiString";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        if (!value.GetString()!.All(c => c is >= ' ' and <= '~')) result.Add(path, "must contain printable ASCII characters only");
    }
}
