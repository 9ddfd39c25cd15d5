namespace Ocpi.Protocol.Validation;

/// <summary>The spec's cardinality column: 1, ?, * and +.</summary>
public enum Cardinality
{
    /// <summary><c>1</c>: required, exactly one.</summary>
    One,
    /// <summary><c>?</c>: optional; absent and null are the same.</summary>
    Optional,
    /// <summary><c>*</c>: list of zero or more; absent, null and [] are the same.</summary>
    Many,
    /// <summary><c>+</c>: list of at least one.</summary>
    AtLeastOne,
}
