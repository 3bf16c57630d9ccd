using System.Collections.Concurrent;
using Flock.Actors.Runtime;

namespace Flock.Actors.Tests.Runtime.Support;

internal sealed record LogEntry(ActorLogLevel Level, string Source, string Message, Exception? Exception);

/// <summary>Keeps every log line, so tests can check what the runtime reported.</summary>
internal sealed class RecordingActorLog : IActorLog
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public bool IsEnabled(ActorLogLevel level) => true;

    public void Write(ActorLogLevel level, string source, string message, Exception? exception = null) =>
        _entries.Enqueue(new LogEntry(level, source, message, exception));
}
