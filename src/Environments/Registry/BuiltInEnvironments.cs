namespace Flock.Environments;

/// <summary>The environments every <see cref="EnvRegistry.CreateWithBuiltIns"/> registry starts with.</summary>
public static class BuiltInEnvironments
{
    public const string CartPole = "CartPole-v1";
    public const string MountainCar = "MountainCar-v0";
    public const string Acrobot = "Acrobot-v1";
    public const string GoalReach = "GoalReach-v0";
    public const string GoalReachShaped = "GoalReachShaped-v0";

    /// <summary>The ids above and the MinAtar games (<see cref="MinAtarGames"/>), in a fixed order.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        [CartPole, MountainCar, Acrobot, GoalReach, GoalReachShaped, .. MinAtarGames.All.SelectMany(g => new[] { g.Id, g.MinimalId })];

    /// <summary>New registrations of the built-ins. Time limits and solve thresholds follow Gymnasium 1.3.0.</summary>
    public static IReadOnlyList<EnvRegistration> CreateRegistrations() =>
    [
        new(CartPole, () => new CartPoleEnvironment(), solveThreshold: 475, maxEpisodeSteps: 500,
            description: "Balance a pole on a cart (Gymnasium CartPole-v1 dynamics)"),
        new(MountainCar, () => new MountainCarEnvironment(), solveThreshold: -110, maxEpisodeSteps: 200,
            description: "Rock an underpowered car up a hill (Gymnasium MountainCar-v0 dynamics)"),
        new(Acrobot, () => new AcrobotEnvironment(), solveThreshold: -100, maxEpisodeSteps: 500,
            description: "Swing up a two-link pendulum (Gymnasium Acrobot-v1 dynamics)"),

        // Solved when nine episodes in ten reach the goal (return 1 each).
        new(GoalReach, () => new GoalReachEnvironment(), solveThreshold: 0.9, maxEpisodeSteps: 100,
            description: "Walk a line to a goal 20 steps away; reward only at the goal (sparse)"),

        // A goal-reaching episode returns 1.9 to 2.0 here (see GoalReachShaping); 1.85 asks for about 94% reached.
        new(GoalReachShaped, () => GoalReachShaping.Wrap(new GoalReachEnvironment()), solveThreshold: 1.85, maxEpisodeSteps: 100,
            description: "GoalReach-v0 with potential-based distance shaping (dense reward)"),
        .. MinAtarGames.CreateRegistrations(),
    ];
}
