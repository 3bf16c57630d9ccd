namespace Flock.Environments.Tests.Spaces;

public sealed class SpaceTests
{
    [Fact]
    public void Discrete_contains_exactly_zero_to_n_minus_one()
    {
        var space = new Discrete(3);
        Assert.Equal("Discrete(3)", space.ToString());
        Assert.True(space.Contains(0) && space.Contains(2));
        Assert.False(space.Contains(3) || space.Contains(-1));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => space.Validate(7));
        Assert.StartsWith("action 7 is outside Discrete(3): allowed 0..2", exception.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Discrete(0));
    }

    [Fact]
    public void Box_checks_shape_bounds_and_membership()
    {
        var box = new Box([2, 2], [0f, 0f, 0f, -1f], [1f, 1f, 1f, 1f]);
        Assert.Equal(4, box.Size);
        Assert.True(box.Contains([0.5f, 0f, 1f, -1f]));
        Assert.False(box.Contains([0.5f, 0f, 1f, -2f]));
        Assert.False(box.Contains([float.NaN, 0f, 0f, 0f]));
        Assert.False(box.Contains([0f, 0f]));
        Assert.Equal("Box(shape=(2, 2), low=[0, 0, 0, -1], high=[1, 1, 1, 1])", box.ToString());
        Assert.Throws<ArgumentException>(() => new Box([3], [0f, 0f], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => new Box([1], [2f], [1f]));
    }
}
