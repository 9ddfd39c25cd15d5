namespace Ocpi.Emsp.Pull;

/// <summary>Configuration section Emsp:Pull.</summary>
public sealed class PullOptions
{
    public const string Section = "Emsp:Pull";

    /// <summary>How often every registered CPO is pulled (Emsp:Pull:Interval).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The limit asked for on a run's first page (the partner's X-Limit caps it; its next links are followed as given).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How far before a run's start the next run's date_from lies: objects last updated by a partner whose clock is
    /// behind ours are read again rather than missed (a copy we hold makes no event).
    /// </summary>
    public TimeSpan CursorOverlap { get; set; } = TimeSpan.FromMinutes(1);
}
