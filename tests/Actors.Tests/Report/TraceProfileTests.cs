using Flock.Actors.Report;

namespace Flock.Actors.Tests.Report;

public sealed class TraceProfileTests
{
    private const string Events = """
        {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"env"}},
        {"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"env-0"}},
        {"name":"thread_name","ph":"M","pid":1,"tid":2,"args":{"name":"env-1"}},
        {"name":"inner","ph":"X","ts":20,"dur":30,"pid":1,"tid":1,"args":{"trace_id":"a","span_id":"2","parent_span_id":"1"}},
        {"name":"outer","ph":"X","ts":10,"dur":100,"pid":1,"tid":1,"args":{"trace_id":"a","span_id":"1"}},
        {"name":"inner","ph":"X","ts":60,"dur":20,"pid":1,"tid":1,"args":{"trace_id":"a","span_id":"3","parent_span_id":"1"}},
        {"name":"outer","ph":"X","ts":0,"dur":50,"pid":1,"tid":2,"args":{"trace_id":"b","span_id":"4"}}
        """;

    [Fact]
    public void Nesting_depth_and_self_time_come_from_containment_on_each_track()
    {
        var profile = Load("{\"traceEvents\":[" + Events + "]}");

        Assert.Equal(4, profile.Spans.Count);
        Assert.All(profile.Spans, s => Assert.Equal("env", s.Role));
        Assert.All(profile.Spans.Where(s => s.Name == "inner"), s => Assert.Equal((1, "env-0"), (s.Depth, s.Actor)));
        Assert.All(profile.Spans.Where(s => s.Name == "outer"), s => Assert.Equal(0, s.Depth));

        var times = profile.TimeByRole().ToDictionary(t => t.Name);
        Assert.Equal((2L, 150.0, 100.0), (times["outer"].Count, times["outer"].TotalMicros, times["outer"].SelfMicros));
        Assert.Equal((2L, 50.0, 50.0), (times["inner"].Count, times["inner"].TotalMicros, times["inner"].SelfMicros));
    }

    [Fact]
    public void A_file_cut_short_by_a_crash_is_read_up_to_its_last_complete_event()
    {
        var profile = Load("{\"traceEvents\":[" + Events + ",");
        Assert.Equal(4, profile.Spans.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_an_input_error()
    {
        Assert.Throws<ReportInputException>(() => Load("{\"something\":1}"));
        Assert.Throws<ReportInputException>(() => Load("not json"));
    }

    private static TraceProfile Load(string text)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text);
            return TraceProfile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
