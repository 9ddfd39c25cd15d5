namespace Ocpi.Emsp.Tokens.Push;

/// <summary>A token changed (enrolled in the outbox in the same transaction as the change).</summary>
public sealed record TokenChanged(string TokenKey, long Version);

/// <summary>Push the current state of one token to one partner.</summary>
public sealed record PushTokenToPartner(string PartnerId, string TokenKey);

/// <summary>Bring a lagging partner up to date: probe it, then push the current state of every token it missed.</summary>
public sealed record ResyncPartnerTokens(string PartnerId);
