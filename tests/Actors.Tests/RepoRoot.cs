namespace Flock.Actors.Tests;

/// <summary>The checkout the tests were built from: the nearest folder above them holding Actors.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Actors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Actors.sln above {AppContext.BaseDirectory}");
    }
}
