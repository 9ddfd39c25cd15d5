using Marten;
using Ocpi.Emsp.Audit;
using Wolverine;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Sends a requested command once, records the CPO's answer and, when a result is awaited, schedules the timeout at the
/// deadline. The schedule is a durable Wolverine message stored in the same transaction as the answer, so a restart
/// between sending and the result keeps it.
/// </summary>
public static class SendCommandHandler
{
    public static async Task<OutgoingMessages> Handle(SendCommand message, IDocumentSession session, CommandSender sender, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var command = await session.LoadAsync<CommandView>(CommandView.StreamKey(message.CommandId), ct);
        // Delivered again after it was handled (at-least-once): nothing more to do.
        if (command is null || command.SentAt is not null || command.Status == CommandStatus.SendFailed) return outgoing;

        var outcome = await sender.SendAsync(session, command, ct);
        // The lock is taken after the call, not across it: the CPO may post the result before it answers.
        var stream = await session.Events.FetchForExclusiveWriting<CommandView>(CommandView.StreamKey(message.CommandId), ct);
        if (stream.Aggregate is not { } held || held.SentAt is not null || held.Status == CommandStatus.SendFailed) return outgoing;
        Stamp(session, held, "command-sender");
        stream.AppendOne(outcome);
        if (outcome is CommandSent { Deadline: { } deadline } && held.Result is null)
            outgoing.Schedule(new CommandTimeout(held.CommandId), deadline);
        return outgoing;
    }

    internal static void Stamp(IDocumentSession session, CommandView command, string source)
    {
        session.CorrelationId = command.CorrelationId;
        session.SetHeader(EventMetadata.SourceHeader, source);
        session.SetHeader(EventMetadata.PartnerHeader, command.PartnerId);
    }
}

/// <summary>The deadline passed: a command still awaiting its result ends as TIMEOUT (a result that came first wins).</summary>
public static class CommandTimeoutHandler
{
    public static async Task Handle(CommandTimeout message, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<CommandView>(CommandView.StreamKey(message.CommandId), ct);
        if (stream.Aggregate is not { Deadline: { } deadline } command || !command.AwaitsResult) return;
        SendCommandHandler.Stamp(session, command, "command-timeout");
        stream.AppendOne(new CommandTimedOut(deadline));
    }
}
