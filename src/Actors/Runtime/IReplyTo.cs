namespace Flock.Actors.Runtime;

/// <summary>The handle an asked actor answers through; carried inside the ask message.</summary>
public interface IReplyTo<in TReply>
{
    /// <summary>Answers the ask. False when it was already answered, failed or timed out.</summary>
    bool Reply(TReply reply);

    /// <summary>Makes the ask throw <paramref name="error"/> in the asker. False when it was already completed.</summary>
    bool Fail(Exception error);
}
