using System.Text.RegularExpressions;
using Flock.Actors.Cli;
using Flock.Shared.Configuration;
using YamlDotNet.RepresentationModel;

namespace Flock.Actors.Tests.Deploy;

/// <summary>
/// deploy/k8s cannot be applied here (no cluster, no container engine), so its manifests are read and
/// held to what the README promises: RabbitMQ, the learner with an optional GPU patch, the actors as a
/// scalable Deployment, the configuration as a ConfigMap, one image built by deploy/docker/Dockerfile, and
/// only command lines that flock's own parser accepts.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string K8s = Path.Combine(RepoRoot.Path, "deploy", "k8s");
    private static readonly string Dockerfile = Path.Combine(RepoRoot.Path, "deploy", "docker", "Dockerfile");

    [Fact]
    public void Kustomization_lists_every_manifest_and_maps_the_flock_image()
    {
        var kustomization = Documents("kustomization.yaml").Single();
        var resources = Sequence(kustomization, "resources").Select(Text).ToList();
        var manifests = Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" && !f!.EndsWith("-patch.yaml", StringComparison.Ordinal));
        Assert.Equal(manifests.Order(StringComparer.Ordinal), resources.Order(StringComparer.Ordinal));
        Assert.Equal("flock", Text(kustomization, "namespace"));
        Assert.Equal("flock", Text(Sequence(kustomization, "images").Single(), "name"));
        Assert.Contains("path: learner-gpu-patch.yaml", File.ReadAllText(Path.Combine(K8s, "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void RabbitMQ_runs_behind_the_service_and_credentials_that_the_broker_url_names()
    {
        var broker = Resource("StatefulSet", "rabbitmq");
        var container = Containers(broker).Single();
        Assert.StartsWith("rabbitmq:", Text(container, "image"), StringComparison.Ordinal);

        // Persistent batches survive a broker restart only if its data directory does.
        var data = Sequence(container, "volumeMounts").Single(m => Text(m, "mountPath") == "/var/lib/rabbitmq");
        Assert.Contains(Sequence(Map(broker, "spec"), "volumeClaimTemplates"), t => Text(Map(t, "metadata"), "name") == Text(data, "name"));
        var service = Resource("Service", "rabbitmq");
        Assert.Contains(Sequence(Map(service, "spec"), "ports"), p => Text(p, "port") == "5672");

        var secret = Map(Resource("Secret", "flock-broker"), "stringData");
        var url = new Uri(Text(secret, "url"));
        Assert.Equal(("amqp", "rabbitmq", 5672), (url.Scheme, url.Host, url.Port));
        Assert.Equal($"{Text(secret, "username")}:{Text(secret, "password")}", url.UserInfo);
        Assert.True(BrokerUrl.TryParse(url.OriginalString, out _, out var problem), problem);
    }

    [Fact]
    public void The_learner_is_one_deployment_taking_the_configmap_and_a_gpu_only_through_the_optional_patch()
    {
        var learner = Resource("Deployment", "flock-learner");
        Assert.Equal("1", Text(Map(learner, "spec"), "replicas"));
        var container = Containers(learner).Single();
        Assert.Equal("flock", Text(container, "image"));
        Assert.DoesNotContain("nvidia.com/gpu", File.ReadAllText(Path.Combine(K8s, "learner.yaml")), StringComparison.Ordinal);

        var patch = Documents("learner-gpu-patch.yaml").Single();
        Assert.Equal(("Deployment", "flock-learner"), (Text(patch, "kind"), Text(Map(patch, "metadata"), "name")));
        var patched = Containers(patch).Single();
        Assert.Equal(Text(container, "name"), Text(patched, "name"));
        Assert.Equal("1", Text(Map(Map(patched, "resources"), "limits"), "nvidia.com/gpu"));

        // The learner reads config.json from the ConfigMap's mount.
        var mount = Sequence(container, "volumeMounts").Single(m => Text(m, "name") == "config");
        var volume = Sequence(Map(Map(Map(learner, "spec"), "template"), "spec"), "volumes").Single(v => Text(v, "name") == "config");
        Assert.Equal("flock-config", Text(Map(volume, "configMap"), "name"));
        foreach (var args in LearnerCommandLines(container))
        {
            Assert.Equal($"{Text(mount, "mountPath")}/config.json", args[args.IndexOf("--config") + 1]);
        }
    }

    [Fact]
    public void The_configmap_holds_a_valid_run_configuration()
    {
        var json = Text(Map(Resource("ConfigMap", "flock-config"), "data"), "config.json");
        var errors = new List<ConfigError>();
        var config = RunConfigLoader.ApplyJson(new RunConfig(), json, "flock-config", errors);
        errors.AddRange(RunConfigValidator.Validate(config));
        Assert.Empty(errors);
    }

    [Fact]
    public void The_actors_are_a_scalable_deployment_of_the_same_image_given_the_broker_url()
    {
        var actors = Resource("Deployment", "flock-actors");
        Assert.True(int.Parse(Text(Map(actors, "spec"), "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("kubectl -n flock scale deployment/flock-actors", File.ReadAllText(Path.Combine(K8s, "actors.yaml")), StringComparison.Ordinal);
        var container = Containers(actors).Single();
        Assert.Equal("flock", Text(container, "image"));
        Assert.Equal(BrokerOption.EnvironmentVariable, Sequence(container, "env").Select(e => Text(e, "name")).Single(n => n.StartsWith("FLOCK", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_flock_command_line_in_the_manifests_parses_with_flocks_own_parser()
    {
        var actors = Containers(Resource("Deployment", "flock-actors")).Single();
        var lines = new List<List<string>> { Sequence(actors, "args").Select(Text).ToList() };
        lines.AddRange(LearnerCommandLines(Containers(Resource("Deployment", "flock-learner")).Single()));
        Assert.Equal(3, lines.Count);
        foreach (var args in lines)
        {
            var parse = FlockCli.Build().Parse(args);
            Assert.True(parse.Errors.Count == 0, $"flockrl {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Empty(parse.UnmatchedTokens);
        }

        Assert.Equal(["actors", "learner", "learner"], lines.Select(l => l[0]));
    }

    [Fact]
    public void The_dockerfile_publishes_the_cli_to_the_path_the_manifests_run_and_copies_files_that_exist()
    {
        var dockerfile = File.ReadAllText(Dockerfile);
        Assert.Contains("RUN dotnet publish src/Actors/Actors.csproj -c Release --no-restore -o /app", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/flockrl.dll\"]", dockerfile, StringComparison.Ordinal);
        foreach (Match copy in CopyLine().Matches(dockerfile))
        {
            foreach (var source in copy.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(Path.Exists(Path.Combine(RepoRoot.Path, source)), $"the Dockerfile copies {source}, which the repository lacks");
            }
        }

        // Every project the CLI references is copied before the restore, or the restore layer misses it.
        foreach (var project in new[] { "Shared", "Environments", "Learner", "Actors" })
        {
            Assert.Contains($"COPY src/{project}/{project}.csproj src/{project}/", dockerfile, StringComparison.Ordinal);
        }

        // The learner's shell command runs the published assembly, as the entry point does.
        Assert.All(LearnerCommandLines(Containers(Resource("Deployment", "flock-learner")).Single()), args => Assert.Equal("learner", args[0]));
    }

    /// <summary>The flock arguments of each <c>exec dotnet /app/flockrl.dll …</c> line of the learner's shell script.</summary>
    private static List<List<string>> LearnerCommandLines(YamlMappingNode container)
    {
        var script = string.Join('\n', Sequence(container, "args").Select(Text));
        return [.. ExecLine().Matches(script).Select(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())];
    }

    private static YamlMappingNode Resource(string kind, string name) =>
        Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).Where(f => f is not "kustomization.yaml" && !f!.EndsWith("-patch.yaml", StringComparison.Ordinal))
            .SelectMany(f => Documents(f!))
            .Single(d => Text(d, "kind") == kind && Text(Map(d, "metadata"), "name") == name);

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) =>
        Sequence(Map(Map(Map(workload, "spec"), "template"), "spec"), "containers").Cast<YamlMappingNode>();

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(K8s, file));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Text(YamlNode node, string key) => Text(((YamlMappingNode)node).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    [GeneratedRegex(@"exec dotnet /app/flockrl\.dll (?<args>[^\n]+)")]
    private static partial Regex ExecLine();

    [GeneratedRegex(@"^COPY (?!--from)(?<sources>.+) \S+$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
