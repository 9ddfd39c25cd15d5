using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Protocol.Validation;

/// <summary>string(n): case sensitive, printable characters only, at most n characters.</summary>
public sealed class StringType(int maxLength) : FieldType
{
    public int MaxLength { get; } = maxLength;
    public override string Name => MaxLength == int.MaxValue ? "string" : $"string({MaxLength})";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (text.Length > MaxLength) result.Add(path, $"too long ({text.Length} characters, max {MaxLength})");
        else if (text.Any(char.IsControl)) result.Add(path, "contains control characters");
    }
}

/// <summary>CiString(n): case insensitive, printable ASCII only, at most n characters.</summary>
public sealed class CiStringType(int maxLength) : FieldType
{
    public int MaxLength { get; } = maxLength;
    public override string Name => $"CiString({MaxLength})";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (text.Length > MaxLength) result.Add(path, $"too long ({text.Length} characters, max {MaxLength})");
        else if (!text.All(c => c is >= ' ' and <= '~')) result.Add(path, "must contain printable ASCII characters only");
    }
}

/// <summary>URL: string(255) that is an absolute http(s) URI.</summary>
public sealed class UrlType : FieldType
{
    public override string Name => "URL";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (text.Length > 255) result.Add(path, $"too long ({text.Length} characters, max 255)");
        else if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            result.Add(path, "must be an absolute http(s) URL");
    }
}

public sealed class DateTimeType : FieldType
{
    public override string Name => "DateTime";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        if (!OcpiDateTime.TryParse(value.GetString(), out _))
            result.Add(path, "is not a valid DateTime (expected e.g. 2015-06-29T20:39:09Z)");
    }
}

public sealed class NumberType : FieldType
{
    public override string Name => "number";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out _)) WrongType(value, path, result);
    }
}

/// <summary>int, optionally int(n): at most n digits.</summary>
public sealed class IntType(int? maxDigits = null) : FieldType
{
    public override string Name => maxDigits is null ? "int" : $"int({maxDigits})";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            WrongType(value, path, result);
            return;
        }
        // Count digits on the text: Math.Abs(long.MinValue) would throw.
        if (maxDigits is { } digits && number.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimStart('-').Length > digits)
            result.Add(path, $"has more than {digits} digits");
    }
}

public sealed class BooleanType : FieldType
{
    public override string Name => "boolean";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) WrongType(value, path, result);
    }
}

/// <summary>A closed enum: only the listed values are valid.</summary>
public sealed class EnumType(string name, IReadOnlyCollection<string> values) : FieldType
{
    public IReadOnlyCollection<string> Values { get; } = values;
    public override string Name { get; } = name;

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (!Values.Contains(text, StringComparer.Ordinal))
            result.Add(path, $"'{text}' is not a valid {Name} (allowed: {string.Join(", ", Values)})");
    }
}

/// <summary>An OpenEnum (new in 2.3.0): known values are listed, any other string is accepted too.</summary>
public sealed class OpenEnumType(string name, int maxLength = 255) : FieldType
{
    public override string Name { get; } = name;

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String) WrongType(value, path, result);
        else if (value.GetString()!.Length > maxLength) result.Add(path, $"too long (max {maxLength} characters)");
    }
}

/// <summary>A credentials token: string(64) of printable non-whitespace ASCII (U+0021..U+007E).</summary>
public sealed class CredentialsTokenType : FieldType
{
    public override string Name => "credentials token";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (text.Length == 0) result.Add(path, "must not be empty");
        else if (text.Length > 64) result.Add(path, $"too long ({text.Length} characters, max 64)");
        else if (!text.All(c => c is >= '!' and <= '~')) result.Add(path, "may contain only printable non-whitespace ASCII (U+0021..U+007E)");
    }
}

/// <summary>A string(n) that must also match a pattern given by the spec (e.g. GeoLocation.latitude).</summary>
public sealed class PatternStringType(int maxLength, string pattern, string description) : FieldType
{
    private readonly System.Text.RegularExpressions.Regex _regex = new($"^(?:{pattern})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public override string Name => $"string({maxLength})";

    public override void Validate(JsonElement value, string path, ValidationResult result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            WrongType(value, path, result);
            return;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength) result.Add(path, $"too long ({text.Length} characters, max {maxLength})");
        else if (!_regex.IsMatch(text)) result.Add(path, $"'{text}' is not {description}");
    }
}
