using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Sessions;

namespace Ocpi.Emsp.Tests.Receivers;

/// <summary>
/// When the group commit may decide a write as new without loading its view (<see cref="NewStreamGuess"/>). What a
/// wrong guess does in the database is in <see cref="TwoNodeWritesTests"/>.
/// </summary>
public sealed class NewStreamGuessTests
{
    private readonly NewStreamGuess _guess = new();

    [Fact]
    public void a_creating_write_is_loaded_until_a_streak_of_such_loads_found_nothing()
    {
        for (var i = 0; i < NewStreamGuess.Streak; i++)
        {
            var write = Session(creates: true);
            _guess.SkipsLoad(write).ShouldBeFalse($"load {i + 1} of {NewStreamGuess.Streak}");
            _guess.Loaded(write, found: false);
        }

        _guess.SkipsLoad(Session(creates: true)).ShouldBeTrue();
        _guess.Unloaded.ShouldBe(1);
    }

    [Fact]
    public void a_write_that_needs_the_held_object_is_always_loaded()
    {
        Streak<SessionView>();

        _guess.SkipsLoad(Session(creates: false)).ShouldBeFalse();
    }

    [Fact]
    public void a_stream_found_stored_breaks_the_streak_and_is_loaded_from_then_on()
    {
        Streak<SessionView>();
        var stored = Session(creates: true);
        _guess.Loaded(stored, found: true);

        _guess.SkipsLoad(Session(creates: true)).ShouldBeFalse("one existing stream among unknown ones ends the streak");
        Streak<SessionView>();
        _guess.SkipsLoad(Session(creates: true, key: stored.StreamKey)).ShouldBeFalse("a stream known to exist is loaded");
        _guess.SkipsLoad(Session(creates: true)).ShouldBeTrue("an unknown one is not");
    }

    [Fact]
    public void a_stream_this_node_committed_is_loaded()
    {
        Streak<SessionView>();
        var committed = Session(creates: true);
        _guess.Committed([committed]);

        _guess.SkipsLoad(Session(creates: true, key: committed.StreamKey)).ShouldBeFalse();
    }

    [Fact]
    public void a_batch_not_committed_makes_its_unloaded_writes_load_and_stops_guessing_for_their_kind_only()
    {
        Streak<SessionView>();
        Streak<LocationView>();
        var unloaded = Session(creates: true);
        _guess.SkipsLoad(unloaded).ShouldBeTrue();
        unloaded.AssumeAbsent();
        var loaded = Session(creates: false);

        _guess.NotCommitted([unloaded, loaded]);

        (unloaded.MustLoad, loaded.MustLoad).ShouldBe((true, false));
        _guess.Wrong.ShouldBe(1);
        _guess.SkipsLoad(unloaded).ShouldBeFalse("decided again, the write is loaded");
        _guess.SkipsLoad(Session(creates: true)).ShouldBeFalse("Sessions wait for a new streak");
        _guess.SkipsLoad(Location()).ShouldBeTrue("Locations keep their streak");
    }

    [Fact]
    public void a_write_sent_back_after_a_conflict_is_loaded()
    {
        Streak<SessionView>();
        var write = Session(creates: true);
        write.BatchAttempts = 1;

        _guess.SkipsLoad(write).ShouldBeFalse();
    }

    private void Streak<TView>() where TView : class, IStreamView
    {
        for (var i = 0; i < NewStreamGuess.Streak; i++) _guess.Loaded(Write<TView>(true, null), found: false);
    }

    private static StreamWrite<SessionView> Session(bool creates, string? key = null) => Write<SessionView>(creates, key);

    private static StreamWrite<LocationView> Location() => Write<LocationView>(true, null);

    private static StreamWrite<TView> Write<TView>(bool creates, string? key) where TView : class, IStreamView =>
        new(key ?? $"{typeof(TView).Name}:NL-CPO:{Guid.NewGuid():N}", new EventStamp("corr", "req", []), _ => OcpiResults.Ok(),
            CancellationToken.None, creates);
}
