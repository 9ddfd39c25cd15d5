namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>What a receiver's decision sees of one object's stream: the view as held (null when new) and where to append.</summary>
public interface IObjectStream<out TView> where TView : class
{
    TView? Aggregate { get; }
    void AppendOne(object @event);
}

/// <summary>
/// An inline view of one object stream: <see cref="Version"/> is the version of the last event it was built from (every
/// event of the stream moves it), so a write can state the stream version it decided on.
/// </summary>
public interface IStreamView
{
    string Id { get; }
    long Version { get; }
}
