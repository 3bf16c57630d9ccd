namespace Flock.Actors.Roles;

/// <summary>
/// Lets a run's owner pause its learner from outside: a sweep closes it while a trial's env actors wait at a rung,
/// so a trial held longer (its peers still on the way) does not keep training on the same data and gain on them. The
/// learner consults it before asking for its next sample; closed, it finishes the update in hand (at most the one
/// sample already on its way follows) and asks again at its next stats tick once the gate is open.
/// </summary>
public sealed class LearnerGate
{
    private volatile bool _closed;

    public bool IsOpen => !_closed;

    public void Close() => _closed = true;

    public void Open() => _closed = false;
}
