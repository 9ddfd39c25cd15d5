using JasperFx.Events;
using Marten.Events.Aggregation;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Builds <see cref="CommandView"/> inline. A result may overtake the CPO's synchronous answer (the spec warns of it),
/// so the answer never overwrites a status a result has set.
/// </summary>
public sealed class CommandProjection : SingleStreamProjection<CommandView, string>
{
    public CommandView Create(IEvent<CommandRequested> e) => new()
    {
        Id = e.StreamKey!, CommandId = e.Data.CommandId, Type = e.Data.Type, Cpo = e.Data.Cpo, CpoKey = $"{e.Data.Cpo.CountryCode}-{e.Data.Cpo.PartyId}".ToUpperInvariant(),
        PartnerId = e.Data.PartnerId, ResponseUrl = e.Data.ResponseUrl, AuthorizationReference = e.Data.AuthorizationReference,
        Command = (System.Text.Json.Nodes.JsonObject)e.Data.Command.DeepClone(), RequestedAt = Time(e), CorrelationId = e.CorrelationId,
        Version = e.Version,
    };

    public void Apply(IEvent<CommandSent> e, CommandView view)
    {
        view.Response = e.Data.Response?.DeepClone().AsObject();
        view.SentAt = Time(e);
        view.Deadline = e.Data.Deadline;
        if (view.Result is null) view.Status = e.Data.Result ?? CommandStatus.Sent;
        view.Version = e.Version;
    }

    public void Apply(IEvent<CommandSendFailed> e, CommandView view)
    {
        view.FailureReason = e.Data.Reason;
        if (view.Result is null) view.Status = CommandStatus.SendFailed;
        view.Version = e.Version;
    }

    public void Apply(IEvent<CommandResultReceived> e, CommandView view)
    {
        view.Result = e.Data.CommandResult.DeepClone().AsObject();
        view.ResultAt = Time(e);
        view.Status = e.Data.Result;
        view.Version = e.Version;
    }

    public void Apply(IEvent<CommandResultIgnored> e, CommandView view)
    {
        view.IgnoredResults++;
        if (e.Data.Reason == CommandResultRules.Late) view.LateResult ??= e.Data.CommandResult.DeepClone().AsObject();
        view.Version = e.Version;
    }

    public void Apply(IEvent<CommandTimedOut> e, CommandView view)
    {
        view.Status = CommandStatus.Timeout;
        view.Version = e.Version;
    }

    private static DateTimeOffset Time(IEvent e) => e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
}
