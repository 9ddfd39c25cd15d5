namespace Ocpi.Emsp.Commands;

/// <summary>Send a requested command to its CPO (enrolled in the outbox with the CommandRequested event).</summary>
public sealed record SendCommand(string CommandId);

/// <summary>Scheduled at the command's deadline: end it as TIMEOUT if no result came by then.</summary>
public sealed record CommandTimeout(string CommandId);
