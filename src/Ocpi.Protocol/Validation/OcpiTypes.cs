namespace Ocpi.Protocol.Validation;

/// <summary>Short names for the spec's types, so schemas read like the field tables.</summary>
public static class OcpiTypes
{
    public static StringType String(int maxLength) => new(maxLength);
    public static StringType UnboundedString { get; } = new(int.MaxValue);
    public static CiStringType CiString(int maxLength) => new(maxLength);
    public static UrlType Url { get; } = new();
    public static DateTimeType DateTime { get; } = new();
    public static NumberType Number { get; } = new();
    public static IntType Int(int? maxDigits = null) => new(maxDigits);
    public static BooleanType Boolean { get; } = new();
    public static CredentialsTokenType CredentialsToken { get; } = new();

    public static EnumType Enum(string name, params string[] values) => new(name, values);
    public static EnumType Enum<TEnum>() where TEnum : struct, System.Enum => new(typeof(TEnum).Name, System.Enum.GetNames<TEnum>());
    public static OpenEnumType OpenEnum(string name, int maxLength = 255) => new(name, maxLength);

    public static PatternStringType Pattern(int maxLength, string pattern, string description) => new(maxLength, pattern, description);

    public static CiStringType CountryCode { get; } = new(2);
    public static CiStringType PartyId { get; } = new(3);
}
