namespace Flock.Environments.Tests.Support;

/// <summary>Reproducible random actions for tests.</summary>
internal static class RandomActions
{
    public static int[] Table(int length, int actionCount, ulong seed)
    {
        var random = new FlockRandom(seed);
        var actions = new int[length];
        for (var i = 0; i < length; i++)
        {
            actions[i] = random.NextInt(actionCount);
        }

        return actions;
    }
}
