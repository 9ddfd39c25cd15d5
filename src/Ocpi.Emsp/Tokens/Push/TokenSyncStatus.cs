namespace Ocpi.Emsp.Tokens.Push;

/// <summary>
/// Per partner: are its token copies in sync with ours? A failed push marks it lagging (since when, last error); the
/// resync job then pushes the current state of every token changed since, and marks it in sync again.
/// </summary>
public sealed class TokenSyncStatus
{
    public string Id { get; set; } = "";
    public bool InSync { get; set; } = true;

    /// <summary>
    /// A new partner holds none of our tokens: its first resync pushes every token. Statuses stored before this flag
    /// existed marked that with a LaggingSince of 0001-01-01.
    /// </summary>
    public bool NeverSynced { get; set; }

    /// <summary>When the partner's copies fell behind ours (its first failed push); null while in sync or never synced.</summary>
    public DateTimeOffset? LaggingSince { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public long PushesSucceeded { get; set; }
    public long PushesFailed { get; set; }

    public static TokenSyncStatus NewPartner(string partnerId) => new() { Id = partnerId, InSync = false, NeverSynced = true };

    /// <summary>Tokens changed at or after this instant are pushed by the next resync; null: every token.</summary>
    public DateTimeOffset? ResyncFrom =>
        NeverSynced || LaggingSince is not { } since || since == DateTimeOffset.MinValue ? null : since;

    /// <summary>
    /// As the internal API shows it: a status stored with the year-one marker of earlier versions shows as never synced,
    /// with no lagging_since, rather than as lagging since 0001-01-01.
    /// </summary>
    public TokenSyncStatus Shown()
    {
        if (LaggingSince != DateTimeOffset.MinValue) return this;
        LaggingSince = null;
        NeverSynced = true;
        return this;
    }

    /// <summary>Makes sure the next resync covers a change made at <paramref name="changedAt"/>.</summary>
    public void Covers(DateTimeOffset changedAt)
    {
        if (NeverSynced) return;
        if (LaggingSince is null || changedAt < LaggingSince) LaggingSince = changedAt;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        if (InSync && !NeverSynced) LaggingSince = now;
        InSync = false;
        LastError = error;
        LastErrorAt = now;
        PushesFailed++;
    }
}

/// <summary>What a partner last received of one token (so a change is never pushed twice after it succeeded).</summary>
public sealed class TokenDelivery
{
    public string Id { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string TokenKey { get; set; } = "";
    public long DeliveredVersion { get; set; }
    public DateTimeOffset DeliveredAt { get; set; }
    public string Method { get; set; } = "";

    public static string IdFor(string partnerId, string tokenKey) => $"{partnerId}|{tokenKey}";
}
