using Flock.Actors.Run;
using Flock.Actors.Transport;

namespace Flock.Actors.Tests.Cluster;

public sealed class AmqpHeadersTests
{
    [Fact]
    public void Actor_id_lists_round_trip()
    {
        Assert.Equal([0, 2048, 1024], AmqpHeaders.ParseIds(AmqpHeaders.FormatIds([0, 2048, 1024]))!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1,x")]
    [InlineData("-3")]
    public void Broken_actor_id_headers_are_ignored(string? text) => Assert.Null(AmqpHeaders.ParseIds(text));

    [Fact]
    public void Per_node_rates_make_one_csv_safe_cell()
    {
        var cell = RunMetrics.FormatPerNode(new Dictionary<string, double> { ["b,x"] = 900.4, ["a"] = 1200 });
        Assert.Equal("a=1200;bx=900", cell);
    }
}
