namespace Flock.Actors.Tests.Cli;

public sealed class ReadmeTests
{
    [Fact]
    public async Task Readme_configuration_reference_matches_flock_config_describe()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "README.md"));
        const string Start = "<!-- config-reference:start -->\n";
        var from = readme.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var to = readme.IndexOf("<!-- config-reference:end -->", StringComparison.Ordinal);
        Assert.True(from > Start.Length && to > from, "README.md lacks the config-reference markers");
        var described = await FlockProcess.RunAsync(TimeSpan.FromMinutes(1), "config", "--describe");
        Assert.Equal(0, described.ExitCode);
        Assert.True(described.StdOut == readme[from..to], "README's configuration reference is stale: paste the output of `./flockrl config --describe` between the markers.");
    }
}
