using Ocpi.Emsp.Pull;

namespace Ocpi.Emsp.Tests.Pull;

/// <summary>A pull cursor never shows year one: "read the whole list next time" is a null cursor.</summary>
public sealed class PullCursorDisplayTests
{
    [Fact]
    public void a_run_completed_without_a_next_date_leaves_a_null_cursor()
    {
        var cursor = PullCursor.New("p1", "locations");
        cursor.Start(DateTimeOffset.UtcNow);

        cursor.Complete(null, DateTimeOffset.UtcNow);

        cursor.Cursor.ShouldBeNull();
        ModuleSyncStatus.Of("locations", true, cursor).Cursor.ShouldBeNull();
    }

    [Fact]
    public void a_cursor_stored_as_year_one_by_an_earlier_version_is_shown_as_null()
    {
        var cursor = PullCursor.New("p1", "sessions");
        cursor.Cursor = DateTimeOffset.MinValue;

        ModuleSyncStatus.Of("sessions", true, cursor).Cursor.ShouldBeNull();
    }
}
