namespace Ocpi.Protocol.Validation;

/// <summary>One violation of a field table, addressed by its JSON path (e.g. <c>roles[0].party_id</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed class ValidationResult
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;

    public void Add(string path, string message) => _errors.Add(new ValidationError(path, message));

    /// <summary>A status message naming every invalid field (the first few, to keep it readable).</summary>
    public string Describe(int max = 5)
    {
        var shown = string.Join("; ", _errors.Take(max));
        return _errors.Count > max ? $"{shown}; and {_errors.Count - max} more" : shown;
    }
}
