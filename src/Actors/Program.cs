namespace Flock.Actors;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("flock: command line not wired yet");
        return 1;
    }
}
