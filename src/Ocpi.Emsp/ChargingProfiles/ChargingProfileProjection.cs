using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Ocpi.Emsp.ChargingProfiles;

/// <summary>Builds <see cref="ChargingProfileView"/> inline; a result may overtake the CPO's synchronous answer.</summary>
public sealed class ChargingProfileProjection : SingleStreamProjection<ChargingProfileView, string>
{
    public ChargingProfileView Create(IEvent<ChargingProfileRequested> e)
    {
        var view = new ChargingProfileView { Id = e.StreamKey!, Cpo = e.Data.Cpo, SessionId = e.Data.SessionId, PartnerId = e.Data.PartnerId };
        Apply(e, view);
        return view;
    }

    public ChargingProfileView Create(IEvent<ActiveChargingProfileUpdated> e)
    {
        var view = new ChargingProfileView { Id = e.StreamKey!, Cpo = e.Data.Cpo, SessionId = e.Data.SessionId, PartnerId = e.Data.PartnerId };
        Apply(e, view);
        return view;
    }

    public void Apply(IEvent<ChargingProfileRequested> e, ChargingProfileView view)
    {
        view.Requests.Add(new ChargingProfileRequest
        {
            Id = e.Data.RequestId, Kind = e.Data.Kind, ChargingProfile = e.Data.ChargingProfile?.DeepClone().AsObject(),
            Duration = e.Data.Duration, ResponseUrl = e.Data.ResponseUrl, RequestedAt = Time(e),
        });
        view.Version = e.Version;
    }

    public void Apply(IEvent<ChargingProfileSent> e, ChargingProfileView view)
    {
        if (view.Request(e.Data.RequestId) is { } request)
        {
            request.SentAt = Time(e);
            request.Timeout = e.Data.Timeout;
            request.Deadline = e.Data.Deadline;
            // The status is the CPO's answer even when its result came first (the result is shown beside it).
            request.Status = e.Data.Result ?? ChargingProfileKinds.Sent;
        }
        view.Version = e.Version;
    }

    public void Apply(IEvent<ChargingProfileSendFailed> e, ChargingProfileView view)
    {
        if (view.Request(e.Data.RequestId) is { } request)
        {
            request.FailureReason = e.Data.Reason;
            if (request.Result is null) request.Status = ChargingProfileKinds.SendFailed;
        }
        view.Version = e.Version;
    }

    public void Apply(IEvent<ChargingProfileResultReceived> e, ChargingProfileView view)
    {
        if (view.Request(e.Data.RequestId) is { } request)
        {
            request.Result = e.Data.Body.DeepClone().AsObject();
            request.ResultAt = Time(e);
            if (e.Data.Result == "ACCEPTED")
            {
                switch (request.Kind)
                {
                    case ChargingProfileKinds.Set: view.SetProfile = request.ChargingProfile?.DeepClone().AsObject(); break;
                    case ChargingProfileKinds.Clear: view.SetProfile = null; break;
                    case ChargingProfileKinds.Active when e.Data.Body["profile"] is System.Text.Json.Nodes.JsonObject profile:
                        view.ActiveProfile = profile.DeepClone().AsObject();
                        view.ActiveProfileAt = Time(e);
                        break;
                }
            }
        }
        view.Version = e.Version;
    }

    public void Apply(IEvent<ChargingProfileResultIgnored> e, ChargingProfileView view)
    {
        if (view.Request(e.Data.RequestId) is { } request)
        {
            request.IgnoredResults++;
            if (e.Data.Reason == ChargingProfileResultRules.Late) request.LateResult ??= e.Data.Body.DeepClone().AsObject();
        }
        view.Version = e.Version;
    }

    public void Apply(IEvent<ChargingProfileTimedOut> e, ChargingProfileView view)
    {
        if (view.Request(e.Data.RequestId) is { } request) request.Status = ChargingProfileKinds.Timeout;
        view.Version = e.Version;
    }

    public void Apply(IEvent<ActiveChargingProfileUpdated> e, ChargingProfileView view)
    {
        view.ActiveProfile = e.Data.Profile.DeepClone().AsObject();
        view.ActiveProfileAt = Time(e);
        view.Updates++;
        view.Version = e.Version;
    }

    private static DateTimeOffset Time(IEvent e) => e.Timestamp == default ? DateTimeOffset.UtcNow : e.Timestamp;
}
