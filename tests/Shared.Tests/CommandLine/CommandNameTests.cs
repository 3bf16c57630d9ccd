using Flock.Shared.CommandLine;

namespace Flock.Shared.Tests.CommandLine;

public sealed class CommandNameTests
{
    [Theory]
    [InlineData(null, "flockrl")]
    [InlineData("", "flockrl")]
    [InlineData("./flockrl", "./flockrl")]
    [InlineData("/home/me/flock/flockrl", "/home/me/flock/flockrl")]
    [InlineData("/home/me/my runs/flockrl", "flockrl")]
    public void Pasteable_lines_name_the_command_the_user_started(string? invokedAs, string expected) =>
        Assert.Equal(expected, CommandName.FromEnvironment(invokedAs));
}
