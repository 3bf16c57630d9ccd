using System.Globalization;
using System.Security.Cryptography;

namespace Flock.Actors.Run;

/// <summary>What to do with a run directory that already holds files.</summary>
public enum RunDirectoryMode
{
    /// <summary>A new run: the directory must be absent or empty.</summary>
    New,

    /// <summary>Continue the run in it (<c>--resume</c>): it must hold one.</summary>
    Resume,

    /// <summary>Replace the run in it (<c>--force</c>): the files Flock wrote there are removed first.</summary>
    Force,
}

/// <summary>
/// Claims a run directory for one process: creates it, and holds its lock file (<c>run.lock</c>, locked exclusively
/// while the run lives; the OS releases it when the process dies, however it dies). Two runs started in the same second
/// get two directories (the default name carries the seed and a random suffix, and the lock file is created
/// exclusively, so a collision tries another name); an existing run is never silently replaced.
/// </summary>
public sealed class RunDirectoryClaim : IDisposable
{
    public const string LockFileName = "run.lock";

    /// <summary>Default names tried before giving up (each with a fresh random suffix).</summary>
    private const int Attempts = 20;

    /// <summary>Files a run writes; <see cref="RunDirectoryMode.Force"/> removes these and nothing else.</summary>
    public static readonly IReadOnlyList<string> RunFiles =
        ["config.json", "metrics.csv", "summary.json", "checkpoint.bin", "checkpoint-last.bin", "run.log", "report.html", "trace.html", "trace.json"];

    private readonly FileStream _lock;

    private RunDirectoryClaim(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    /// <summary>A new directory <c>root/&lt;env&gt;-&lt;utc stamp&gt;-s&lt;seed&gt;-&lt;random&gt;</c>, retried under another suffix when the name is taken.</summary>
    public static RunDirectoryClaim CreateDefault(string root, string env, long seed, DateTime utcNow)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var path = System.IO.Path.GetFullPath(DefaultPath(root, env, seed, utcNow));
            if (TryClaimNew(path) is { } claim)
            {
                return claim;
            }
        }

        throw new IOException($"could not create a new run directory under {System.IO.Path.GetFullPath(root)} after {Attempts} tries: every name was taken");
    }

    /// <summary><c>root/&lt;env&gt;-&lt;utc stamp&gt;-s&lt;seed&gt;-&lt;4 hex digits&gt;</c>, the env id made safe for a file name.</summary>
    public static string DefaultPath(string root, string env, long seed, DateTime utcNow) =>
        System.IO.Path.Combine(root, string.Create(CultureInfo.InvariantCulture,
            $"{SafeName(env)}-{utcNow:yyyyMMdd-HHmmss}-s{seed}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}"));

    /// <summary>Claims <paramref name="path"/> (<c>--out</c>) as <paramref name="mode"/> says; a refusal is a <see cref="Cli.UsageException"/> naming the way out.</summary>
    public static RunDirectoryClaim Claim(string path, RunDirectoryMode mode)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path))
        {
            throw new Cli.UsageException($"--out {path}: is a file; the run directory must be a folder");
        }

        if (mode == RunDirectoryMode.New)
        {
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new Cli.UsageException($"--out {path}: already holds files (a run?); give --resume {path} to continue that run, --force to replace it, or another --out");
            }

            return TryClaimNew(path)
                ?? throw new Cli.UsageException($"--out {path}: another run claimed this directory just now; give another --out");
        }

        if (mode == RunDirectoryMode.Resume && !Directory.Exists(path))
        {
            throw new Cli.UsageException($"--resume {path}: no such run directory");
        }

        Directory.CreateDirectory(path);
        var claim = new RunDirectoryClaim(path, LockExisting(path));
        if (mode == RunDirectoryMode.Force)
        {
            foreach (var file in RunFiles)
            {
                File.Delete(System.IO.Path.Combine(path, file));
            }
        }

        return claim;
    }

    public void Dispose() => _lock.Dispose();

    private static RunDirectoryClaim? TryClaimNew(string path)
    {
        Directory.CreateDirectory(path);
        try
        {
            // CreateNew is the atomic test-and-set: of two processes that created the same folder, one gets the lock file.
            return new RunDirectoryClaim(path, new FileStream(System.IO.Path.Combine(path, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(System.IO.Path.Combine(path, LockFileName)))
        {
            return null;
        }
    }

    private static FileStream LockExisting(string path)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(path, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new Cli.UsageException($"{path}: another flockrl process is running in this directory (it holds {LockFileName}); wait for it or stop it first");
        }
    }

    private static string SafeName(string env) => string.Concat(env.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
