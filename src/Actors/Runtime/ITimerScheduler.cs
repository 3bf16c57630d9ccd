namespace Flock.Actors.Runtime;

/// <summary>
/// An actor's timers. Ticks arrive through the mailbox like any message, so they never run concurrently with
/// a handler. A tick that finds a <see cref="MailboxFullMode.Wait"/> mailbox full is dropped (and counted as a
/// dead letter) rather than blocking the timer; a periodic timer simply delivers its next tick. Once
/// <see cref="Cancel"/> returns, or the key is restarted, no tick of the old timer is delivered, even one
/// already queued. All timers are cancelled when the actor stops or restarts.
/// </summary>
public interface ITimerScheduler<in TMessage>
{
    /// <summary>Delivers <paramref name="message"/> every <paramref name="interval"/>, first after one interval; replaces any timer of that key.</summary>
    void StartPeriodic(string key, TMessage message, TimeSpan interval);

    /// <summary>Delivers <paramref name="message"/> once after <paramref name="delay"/>; replaces any timer of that key.</summary>
    void StartSingle(string key, TMessage message, TimeSpan delay);

    /// <summary>Cancels the timer of <paramref name="key"/>; false when there was none.</summary>
    bool Cancel(string key);

    /// <summary>Whether a timer of <paramref name="key"/> is running (a single timer stops being active once delivered).</summary>
    bool IsActive(string key);

    void CancelAll();
}
