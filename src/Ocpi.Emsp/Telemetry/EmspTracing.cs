using System.Diagnostics;

namespace Ocpi.Emsp.Telemetry;

/// <summary>
/// The service's own spans (activity source <c>Ocpi.Emsp</c>). A group-commit transaction writes the pushes of several
/// requests at once, outside any of them: its span (with the transaction's SQL under it) is a child of the first
/// request's span and links to every request it answers.
/// </summary>
public static class EmspTracing
{
    public const string SourceName = "Ocpi.Emsp";

    public static readonly ActivitySource Source = new(SourceName);
}
