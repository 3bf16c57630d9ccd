using Flock.Actors.Cli;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Run;

public sealed class RunDirectoryClaimTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flock-claim-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Runs_started_in_the_same_second_with_the_same_seed_get_directories_of_their_own()
    {
        var now = new DateTime(2026, 12, 4, 15, 51, 16, DateTimeKind.Utc);
        var claims = Enumerable.Range(0, 50).Select(_ => RunDirectoryClaim.CreateDefault(_root, "CartPole-v1", 7, now)).ToList();
        try
        {
            Assert.Equal(50, claims.Select(c => c.Path).Distinct().Count());
            Assert.All(claims, c => Assert.StartsWith(Path.Combine(_root, "CartPole-v1-20261204-155116-s7-"), c.Path, StringComparison.Ordinal));
        }
        finally
        {
            claims.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void A_taken_default_name_is_retried_under_another()
    {
        // Every name but a few is taken in the first tries' place: a claim lands on a free name all the same.
        var now = DateTime.UtcNow;
        using var first = RunDirectoryClaim.CreateDefault(_root, "Acrobot-v1", 1, now);
        var concurrent = Enumerable.Range(0, 8).AsParallel().Select(_ => RunDirectoryClaim.CreateDefault(_root, "Acrobot-v1", 1, now)).ToList();
        try
        {
            Assert.Equal(9, concurrent.Select(c => c.Path).Append(first.Path).Distinct().Count());
        }
        finally
        {
            concurrent.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void An_out_directory_with_files_is_refused_unless_resume_or_force_says_what_to_do()
    {
        var run = Path.Combine(_root, "run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "summary.json"), "{}");
        File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");

        var refusal = Assert.Throws<UsageException>(() => RunDirectoryClaim.Claim(run, RunDirectoryMode.New));
        Assert.Contains("--resume", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refusal.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));

        using (RunDirectoryClaim.Claim(run, RunDirectoryMode.Force))
        {
            // The run's own files go; what the user put there stays.
            Assert.False(File.Exists(Path.Combine(run, "summary.json")));
            Assert.True(File.Exists(Path.Combine(run, "notes.txt")));
        }
    }

    [Fact]
    public void An_empty_or_absent_out_directory_is_taken()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        using (var claim = RunDirectoryClaim.Claim(empty, RunDirectoryMode.New))
        {
            Assert.Equal(empty, claim.Path);
        }

        using var absent = RunDirectoryClaim.Claim(Path.Combine(_root, "a", "b"), RunDirectoryMode.New);
        Assert.True(Directory.Exists(absent.Path));
    }

    [Fact]
    public void A_directory_a_live_run_holds_cannot_be_resumed_or_forced_until_it_ends()
    {
        var run = Path.Combine(_root, "live");
        using (var live = RunDirectoryClaim.Claim(run, RunDirectoryMode.New))
        {
            Assert.Contains("another flockrl process", Assert.Throws<UsageException>(() => RunDirectoryClaim.Claim(run, RunDirectoryMode.Resume)).Message, StringComparison.Ordinal);
            Assert.Contains("another flockrl process", Assert.Throws<UsageException>(() => RunDirectoryClaim.Claim(run, RunDirectoryMode.Force)).Message, StringComparison.Ordinal);
        }

        using var resumed = RunDirectoryClaim.Claim(run, RunDirectoryMode.Resume);
        Assert.Equal(Path.GetFullPath(run), resumed.Path);
    }

    [Fact]
    public void A_run_directory_writes_its_config_atomically_and_releases_its_claim_when_disposed()
    {
        var run = Path.Combine(_root, "cfg");
        using (var directory = RunDirectory.Create(new RunConfig { Out = run }, DateTime.UtcNow))
        {
            Assert.True(File.Exists(directory.ConfigFile));
            Assert.False(File.Exists(directory.ConfigFile + ".tmp"));
        }

        using var again = RunDirectory.Create(new RunConfig { Out = run }, DateTime.UtcNow, RunDirectoryMode.Resume);
        Assert.True(again.Resumed);
    }
}
