namespace Flock.Environments.Tests.Registry;

public sealed class LoadAssemblyTests(CustomEnvSampleBuild sample) : IClassFixture<CustomEnvSampleBuild>
{
    [Fact]
    public void The_sample_environment_loads_registers_and_steps()
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        var loaded = registry.LoadAssembly(sample.AssemblyPath);

        var corridor = Assert.Single(loaded);
        Assert.Equal("Corridor-v0", corridor.Id);
        Assert.Equal(0.9, corridor.SolveThreshold);
        Assert.Equal(50, corridor.MaxEpisodeSteps);
        Assert.Equal(2, corridor.ActionSpace.N);
        Assert.Equal(2, corridor.ObservationSpace.Size);
        Assert.Same(corridor, registry.Get("Corridor-v0"));

        // The sample's output folder holds its own copy of Flock.Environments; it must not have been used,
        // or the class would not be an IEnvironment here.
        var environment = registry.Make("Corridor-v0");
        Assert.Same(typeof(IEnvironment).Assembly, EnvironmentWrapper.Unwrap(environment).GetType().GetInterfaces()
            .Single(i => i.Name == nameof(IEnvironment)).Assembly);

        var observation = new float[2];
        environment.Reset(observation, seed: 1);
        double total = 0;
        StepResult result;
        var steps = 0;
        do
        {
            result = environment.Step(1, observation);
            total += result.Reward;
            steps++;
        }
        while (!result.Done);

        Assert.True(result.Terminated);
        Assert.Equal(7, steps);
        Assert.Equal(0.94, total, 5);
    }

    [Fact]
    public void The_sample_environment_runs_in_a_vector_with_its_time_limit()
    {
        var registry = new EnvRegistry();
        registry.LoadAssembly(sample.AssemblyPath);
        using var vector = registry.MakeVector("Corridor-v0", 3);
        vector.Reset(5);
        int[] backwards = [0, 0, 0];
        for (var t = 0; t < 50; t++)
        {
            vector.Step(backwards);
        }

        Assert.Equal([true, true, true], vector.Truncated.ToArray());
        Assert.Equal(3, vector.TotalEpisodes);
        Assert.Equal(-0.5, vector.FinishedReturns[0], 5);
    }

    [Fact]
    public void Loading_an_id_that_is_already_registered_fails_and_registers_nothing()
    {
        var registry = new EnvRegistry();
        registry.Register("Corridor-v0", () => new GoalReachEnvironment(), description: "an earlier Corridor");

        var exception = Assert.Throws<EnvironmentLoadException>(() => registry.LoadAssembly(sample.AssemblyPath));
        Assert.Contains("CustomEnv.dll", exception.Message);
        Assert.Contains("'Corridor-v0' is already registered (an earlier Corridor)", exception.Message);
        Assert.Equal("an earlier Corridor", registry.Get("Corridor-v0").Description);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_full_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "Envs.dll");
        var exception = Assert.Throws<EnvironmentLoadException>(() => new EnvRegistry().LoadAssembly(missing));
        Assert.Contains("Environment assembly not found", exception.Message);
        Assert.Contains(missing, exception.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_reported_as_such()
    {
        var path = Path.Combine(Path.GetTempPath(), "flock-not-an-assembly-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllText(path, "this is not a PE image");
        try
        {
            var exception = Assert.Throws<EnvironmentLoadException>(() => new EnvRegistry().LoadAssembly(path));
            Assert.Contains("is not a .NET assembly", exception.Message);
            Assert.IsType<BadImageFormatException>(exception.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
