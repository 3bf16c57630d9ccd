using System.Diagnostics;
using Flock.Actors.Telemetry;

namespace Flock.Actors.Tests.Telemetry;

public sealed class BatchTraceIndexTests
{
    private static ActivityContext Context(bool recorded) =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None);

    [Fact]
    public void Links_each_sampled_key_to_the_recorded_batch_it_came_from_once()
    {
        var index = new BatchTraceIndex();
        var first = Context(recorded: true);
        var second = Context(recorded: true);
        index.Record(0, 10, first);
        index.Record(10, 5, Context(recorded: false));
        index.Record(15, 5, second);

        var links = index.LinksFor([3, 7, 12, 19, 15, 0]);

        Assert.NotNull(links);
        Assert.Equal([first.SpanId, second.SpanId], links.Select(l => l.Context.SpanId));
        Assert.Equal(first.TraceId, links[0].Context.TraceId);
    }

    [Fact]
    public void Gives_null_when_no_sampled_key_came_from_a_recorded_batch()
    {
        var index = new BatchTraceIndex();
        Assert.Null(index.LinksFor([1, 2, 3]));
        index.Record(0, 10, Context(recorded: false));
        Assert.Equal(0, index.Count);
        index.Record(100, 10, Context(recorded: true));
        Assert.Null(index.LinksFor([5, 99, 110]));
    }

    [Fact]
    public void Forgets_the_oldest_batches_once_the_ring_is_full()
    {
        var index = new BatchTraceIndex(capacity: 3);
        var contexts = Enumerable.Range(0, 5).Select(_ => Context(recorded: true)).ToArray();
        for (var i = 0; i < contexts.Length; i++)
        {
            index.Record(i * 10, 10, contexts[i]);
        }

        Assert.Equal(3, index.Count);
        Assert.Null(index.LinksFor([0, 15]));
        var links = index.LinksFor([49, 20, 35]);
        Assert.NotNull(links);
        Assert.Equal([contexts[4].SpanId, contexts[2].SpanId, contexts[3].SpanId], links.Select(l => l.Context.SpanId));
    }

    [Fact]
    public void Caps_the_links_of_one_sample()
    {
        var index = new BatchTraceIndex();
        for (var i = 0; i < 100; i++)
        {
            index.Record(i, 1, Context(recorded: true));
        }

        var keys = Enumerable.Range(0, 100).Select(k => (long)k).ToArray();
        Assert.Equal(BatchTraceIndex.MaxLinks, index.LinksFor(keys)!.Count);
    }
}
