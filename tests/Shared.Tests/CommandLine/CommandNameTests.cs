using System.Diagnostics;
using Flock.Shared.CommandLine;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Shared.Tests.CommandLine;

public sealed class CommandNameTests
{
    [Theory]
    [InlineData(null, "flockrl")]
    [InlineData("", "flockrl")]
    [InlineData("./flockrl", "./flockrl")]
    [InlineData("/home/me/flock/flockrl", "/home/me/flock/flockrl")]
    [InlineData("/home/me/my runs/flockrl", "'/home/me/my runs/flockrl'")]
    public void Pasteable_lines_name_the_command_the_user_started(string? invokedAs, string expected) =>
        Assert.Equal(expected, CommandName.FromEnvironment(invokedAs));

    [Fact]
    public void Plain_words_stay_as_they_are()
    {
        var plain = Gen.Elements("abcXYZ019/._-=,:+@%".ToCharArray()).ArrayOf().Where(a => a.Length > 0).Select(a => new string(a));
        Prop.ForAll(plain.ToArbitrary(), word => CommandName.ShellWord(word) == word).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_word_reaches_a_posix_shell_as_one_argument_unchanged()
    {
        // Any printable characters, spaces, quotes and shell syntax included; one shell reads them all at once.
        var words = Gen.Elements(" \t'\"$`\\!*?[]{}()<>|&;#~aZ9/.-=".ToCharArray()).ArrayOf().Select(a => new string(a))
            .Sample(200, 30).Append(string.Empty).Append("it's").ToArray();
        var script = "printf '%s\\0' " + string.Join(' ', words.Select(CommandName.ShellWord));
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var shell = Process.Start(start)!;
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();

        Assert.Equal(words, output.Split('\0')[..^1]);
    }
}
