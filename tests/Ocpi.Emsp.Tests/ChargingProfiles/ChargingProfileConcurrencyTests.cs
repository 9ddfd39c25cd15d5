using System.Net.Http.Json;
using System.Text.Json;
using Ocpi.Emsp.ChargingProfiles;
using static Ocpi.Emsp.Tests.ChargingProfiles.ChargingProfilesFixture;

namespace Ocpi.Emsp.Tests.ChargingProfiles;

/// <summary>
/// Many writers on one Session's charging profile stream at once: internal requests, the CPO's answers and results, and its
/// pushes. None may fail with a 500; each request is either taken (202, then in the history once) or refused (409, nothing
/// stored, ask again).
/// </summary>
public sealed class ChargingProfileConcurrencyTests(ChargingProfilesFixture emsp) : IClassFixture<ChargingProfilesFixture>
{
    private const int Requests = 12;
    private const int Pushes = 4;

    [Fact]
    public async Task concurrent_requests_on_one_sessions_profile_answer_only_202_or_409_and_the_history_holds_each_taken_one_once()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.ChargingProfiles.ResultDelay = TimeSpan.Zero;
        var sessionId = await PushSessionAsync(cpo);
        var path = Path(cpo.Options.Party, sessionId);

        // The session's profile stream does not exist yet: the first writers race to create it. A refused request is
        // asked again, as the answer says; each round at least one writer gets through, so every request is taken in the end.
        var requests = Enumerable.Range(0, Requests).Select(i => Task.Run(() => AskUntilTakenAsync(() => (i % 3) switch
        {
            0 => emsp.InternalApi().PutAsync(path, Body(Profile)),
            1 => emsp.InternalApi().GetAsync(path + "?duration=600"),
            _ => emsp.InternalApi().DeleteAsync(path),
        }))).ToList();
        var pushes = Enumerable.Range(0, Pushes).Select(i =>
            Task.Run(() => cpo.PushActiveChargingProfileAsync(sessionId, CpoSimulator.CpoSimulator.ActiveProfile(1000 + i)))).ToList();
        var taken = (await Task.WhenAll(requests)).ToList();
        var pushed = await Task.WhenAll(pushes);

        taken.Count.ShouldBe(Requests);
        pushed.ShouldAllBe(p => p.StatusCode == 1000);

        // Every taken request is sent and answered by its result, each of which races the others on the same stream; a
        // result may even be stored before the CPO's answer to the request that it follows.
        var history = await emsp.WaitForAsync(path,
            h => h.GetProperty("requests").EnumerateArray().Count(r => r.TryGetProperty("result", out _) && r.GetProperty("status").GetString() == "ACCEPTED") == taken.Count,
            "every taken request accepted and finished by its result", TimeSpan.FromSeconds(90));

        history.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ShouldBe(taken, ignoreOrder: true);
        history.GetProperty("requests").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetString() == "ACCEPTED");
        history.GetProperty("updates").GetInt32().ShouldBe(Pushes);
        var types = await emsp.EventTypesAsync(ChargingProfileView.StreamKey(cpo.Options.Party, sessionId));
        types.Count(t => t == nameof(ChargingProfileRequested)).ShouldBe(taken.Count);
        types.Count(t => t == nameof(ChargingProfileSent)).ShouldBe(taken.Count);
        types.Count(t => t == nameof(ChargingProfileResultReceived)).ShouldBe(taken.Count);
        types.Count(t => t == nameof(ActiveChargingProfileUpdated)).ShouldBe(Pushes);
        cpo.ReceivedChargingProfileRequests.Count.ShouldBe(taken.Count);
    }

    /// <summary>Sends until answered 202 (the request's id); only 409 "ask again" may come before it.</summary>
    private static async Task<string> AskUntilTakenAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await send();
            var body = await answer.Content.ReadAsStringAsync();
            ((int)answer.StatusCode).ShouldBeOneOf(new[] { 202, 409 }, body);
            if ((int)answer.StatusCode == 202) return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            body.ShouldContain("ask again");
            // Each refusal means another write got through first: the taken requests' answers and results, the pushes.
            attempt.ShouldBeLessThan(3 * Requests + Pushes, "refused more often than there are other writes");
            await Task.Delay(Math.Min(10 * attempt, 200));
        }
    }
}
