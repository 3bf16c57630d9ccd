using System.Runtime.Versioning;
namespace Flock.Actors.Tests.Cli;

/// <summary>
/// The repository's <c>./flockrl</c> wrapper, a copy of the real script in a checkout of a few files, with a fake
/// <c>dotnet</c> first on PATH that logs each build and "builds" a program that prints its arguments: a clean clone's
/// first call builds and says so, a call with nothing changed does not build, a source edit rebuilds, build output does
/// not count as a change, and a failed build is reported and retried next time.
/// </summary>
[UnsupportedOSPlatform("windows")] // the wrapper is a bash script
public sealed class WrapperScriptTests : IDisposable
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        # A stand-in for `dotnet build src/Actors/Actors.csproj …`: logs the call, fails when asked, else writes the program.
        echo "$*" >> "$FAKE_BUILD_LOG"
        [[ -f "$FAKE_BUILD_FAIL" ]] && { echo "error CS0001: broken on purpose"; exit 1; }
        out="$(dirname "$2")/bin/Release/net10.0"
        mkdir -p "$out"
        : > "$out/flockrl.dll"
        printf '#!/usr/bin/env bash\necho "ran $* as $FLOCK_INVOKED_AS"\n' > "$out/flockrl"
        chmod +x "$out/flockrl"
        """;

    private readonly string _checkout = Directory.CreateTempSubdirectory("flock-wrapper-").FullName;
    private readonly string _log;
    private readonly string _failFlag;
    private readonly Dictionary<string, string?> _environment;

    public WrapperScriptTests()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_checkout, ".fake-tools")).FullName;
        WriteExecutable(Path.Combine(tools, "dotnet"), FakeDotnet);
        WriteExecutable(Path.Combine(_checkout, "flockrl"), File.ReadAllText(Path.Combine(RepoRoot.Path, "flockrl")));
        Directory.CreateDirectory(Path.Combine(_checkout, "src", "Actors"));
        File.WriteAllText(Path.Combine(_checkout, "src", "Actors", "Actors.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_checkout, "src", "Actors", "Program.cs"), "// v1");
        File.WriteAllText(Path.Combine(_checkout, "Directory.Packages.props"), "<Project />");
        _log = Path.Combine(_checkout, ".fake-tools", "builds.log");
        _failFlag = Path.Combine(_checkout, ".fake-tools", "fail");
        _environment = new Dictionary<string, string?>
        {
            ["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_BUILD_LOG"] = _log,
            ["FAKE_BUILD_FAIL"] = _failFlag,
            ["FLOCK_NO_BUILD"] = null,
        };
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);

    private int Builds => File.Exists(_log) ? File.ReadAllLines(_log).Length : 0;

    [Fact]
    public async Task A_clean_clone_builds_on_the_first_call_and_says_so_then_runs()
    {
        var first = await Wrapper("envs");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("building flockrl (first run, about a minute)…", first.StdErr, StringComparison.Ordinal);
        Assert.Equal("ran envs as ./flockrl", first.StdOut.Trim());
        Assert.Equal(1, Builds);
        Assert.Contains("build", File.ReadAllText(_log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_changed_means_no_build_and_a_source_edit_means_one()
    {
        await Wrapper("envs");

        var unchanged = await Wrapper("envs");
        Assert.Equal(1, Builds);
        Assert.Equal(string.Empty, unchanged.StdErr);

        // Build output changing (bin/, obj/) is not a source change.
        var objFile = Path.Combine(_checkout, "src", "Actors", "obj", "project.assets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(objFile)!);
        File.WriteAllText(objFile, "{}");
        File.SetLastWriteTimeUtc(objFile, DateTime.UtcNow.AddSeconds(5));
        await Wrapper("envs");
        Assert.Equal(1, Builds);

        var source = Path.Combine(_checkout, "src", "Actors", "Program.cs");
        File.WriteAllText(source, "// v2");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddSeconds(5));
        var edited = await Wrapper("envs");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Contains("building flockrl (sources changed)…", edited.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, Builds);
    }

    [Fact]
    public async Task A_build_wide_file_edit_rebuilds()
    {
        await Wrapper("envs");

        var props = Path.Combine(_checkout, "Directory.Packages.props");
        File.SetLastWriteTimeUtc(props, DateTime.UtcNow.AddSeconds(5));
        await Wrapper("envs");

        Assert.Equal(2, Builds);
    }

    [Fact]
    public async Task A_failed_build_shows_its_output_exits_1_and_is_tried_again_next_time()
    {
        File.WriteAllText(_failFlag, string.Empty);
        var failed = await Wrapper("envs");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("error CS0001: broken on purpose", failed.StdErr, StringComparison.Ordinal);
        Assert.Contains("flockrl: the build failed", failed.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, failed.StdOut);

        File.Delete(_failFlag);
        var retried = await Wrapper("envs");
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(2, Builds);
    }

    [Fact]
    public async Task Flock_no_build_skips_the_check_even_when_sources_changed()
    {
        await Wrapper("envs");
        var source = Path.Combine(_checkout, "src", "Actors", "Program.cs");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddSeconds(5));

        var result = await ChildProcess.RunAsync(_checkout, "./flockrl", new Dictionary<string, string?>(_environment) { ["FLOCK_NO_BUILD"] = "1" }, "envs");

        Assert.Equal("ran envs as ./flockrl", result.StdOut.Trim());
        Assert.Equal(1, Builds);
    }

    private Task<FlockProcess.Result> Wrapper(params string[] args) => ChildProcess.RunAsync(_checkout, "./flockrl", _environment, args);

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
