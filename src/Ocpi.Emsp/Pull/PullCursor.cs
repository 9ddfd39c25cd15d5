namespace Ocpi.Emsp.Pull;

/// <summary>
/// Where pull sync of one partner's SENDER list stands (a document per partner and module). A run reads every object
/// with last_updated &gt;= <see cref="RunDateFrom"/>, page by page; after each stored page the next page's URL is saved,
/// so a run cut short (the partner failed, the node stopped) resumes at the first page not stored. When a run completes,
/// <see cref="Cursor"/> becomes the date_from of the next run (see <see cref="PartnerPuller"/> for the choice).
/// </summary>
public sealed class PullCursor
{
    public string Id { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Module { get; set; } = "";

    /// <summary>date_from of the next run; null until a run completed (the first run reads the whole list).</summary>
    public DateTimeOffset? Cursor { get; set; }

    /// <summary>When the run in progress started (our clock); null when no run is in progress.</summary>
    public DateTimeOffset? RunStartedAt { get; set; }
    public DateTimeOffset? RunDateFrom { get; set; }
    public string? RunId { get; set; }

    /// <summary>The next page of the run in progress (the partner's Link rel="next"); null before the first page.</summary>
    public string? NextUrl { get; set; }

    /// <summary>X-Total-Count of the last page read; a smaller one later means objects left the list during the run.</summary>
    public int? LastTotalCount { get; set; }

    /// <summary>Objects left the list during the run (pages shifted back): the next run reads this run's range again.</summary>
    public bool RunShrank { get; set; }

    /// <summary>The partner's X-Limit, so that a first page never asks for more.</summary>
    public int? ServerLimit { get; set; }

    public DateTimeOffset? LastRunStartedAt { get; set; }
    public DateTimeOffset? LastRunEndedAt { get; set; }

    /// <summary>Figures of the run in progress, or of the last run when none is.</summary>
    public int Pages { get; set; }
    public int ObjectsPulled { get; set; }
    public int EventsAppended { get; set; }
    public int ObjectsRefused { get; set; }

    /// <summary>Why the last objects were refused (at most <see cref="MaxRefusals"/>, latest last).</summary>
    public List<string> Refusals { get; set; } = [];

    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }

    public const int MaxRefusals = 10;

    public static string IdFor(string partnerId, string module) => $"{partnerId}:{module}";

    public static PullCursor New(string partnerId, string module) => new() { Id = IdFor(partnerId, module), PartnerId = partnerId, Module = module };

    public void Start(DateTimeOffset now)
    {
        RunStartedAt = now;
        RunDateFrom = Cursor;
        RunId = Guid.NewGuid().ToString();
        NextUrl = null;
        LastTotalCount = null;
        RunShrank = false;
        Pages = ObjectsPulled = EventsAppended = ObjectsRefused = 0;
        Refusals = [];
    }

    public void Refused(string reason)
    {
        ObjectsRefused++;
        Refusals.Add(reason);
        if (Refusals.Count > MaxRefusals) Refusals.RemoveAt(0);
    }

    /// <param name="nextCursor">date_from of the next run; null when it reads the whole list again.</param>
    public void Complete(DateTimeOffset? nextCursor, DateTimeOffset now)
    {
        Cursor = nextCursor == DateTimeOffset.MinValue ? null : nextCursor;
        LastRunStartedAt = RunStartedAt;
        LastRunEndedAt = now;
        RunStartedAt = null;
        NextUrl = null;
        LastError = null;
    }
}
