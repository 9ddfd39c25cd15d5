namespace Ocpi.Emsp.Tokens.Push;

/// <summary>
/// Per partner: are its token copies in sync with ours? A failed push marks it lagging (since when, last error); the
/// resync job then pushes the current state of every token changed since, and marks it in sync again.
/// </summary>
public sealed class TokenSyncStatus
{
    public string Id { get; set; } = "";
    public bool InSync { get; set; } = true;
    public DateTimeOffset? LaggingSince { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public long PushesSucceeded { get; set; }
    public long PushesFailed { get; set; }

    public void Failed(string error, DateTimeOffset now)
    {
        if (InSync) LaggingSince = now;
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
