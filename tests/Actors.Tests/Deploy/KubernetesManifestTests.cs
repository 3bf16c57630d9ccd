using System.Globalization;
using System.Text.RegularExpressions;
using Flock.Actors.Cli;
using Flock.Shared.Configuration;
using YamlDotNet.RepresentationModel;

namespace Flock.Actors.Tests.Deploy;

/// <summary>
/// deploy/k8s cannot be applied here (no cluster, no container engine), so its manifests are read and
/// held to what the README promises: the learner as the Akka cluster's seed behind a headless service
/// (with an optional GPU patch), the actors as a scalable Deployment joining it through that service, one
/// certificate from the flock-tls secret for both with its password only in the environment, the
/// configuration as a ConfigMap, one image built by deploy/docker/Dockerfile, no broker left anywhere, and
/// only command lines that flock's own parser accepts.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string K8s = Path.Combine(RepoRoot.Path, "deploy", "k8s");
    private static readonly string Dockerfile = Path.Combine(RepoRoot.Path, "deploy", "docker", "Dockerfile");
    private const string TlsSecret = "flock-tls";
    private const string PasswordVariable = "FLOCK_TLS_PASSWORD";

    [Fact]
    public void Kustomization_lists_every_manifest_and_maps_the_flock_image()
    {
        var kustomization = Documents("kustomization.yaml").Single();
        var resources = Sequence(kustomization, "resources").Select(Text).ToList();
        var manifests = Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName)
            .Where(f => f is not "kustomization.yaml" && !f!.EndsWith("-patch.yaml", StringComparison.Ordinal));
        Assert.Equal(manifests.Order(StringComparer.Ordinal), resources.Order(StringComparer.Ordinal));
        Assert.Equal("flock", Namespace);
        Assert.Equal("flock", Text(Sequence(kustomization, "images").Single(), "name"));
        Assert.Contains("path: learner-gpu-patch.yaml", File.ReadAllText(Path.Combine(K8s, "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_in_deploy_mentions_a_broker_any_more()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot.Path, "deploy"), "*", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var word in new[] { "rabbitmq", "amqp", "FLOCK_BROKER", "--broker", "flock-broker" })
            {
                Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"{Path.GetRelativePath(RepoRoot.Path, file)} still mentions {word}");
            }
        }
    }

    [Fact]
    public void The_learner_is_the_seed_behind_a_headless_service_on_the_port_it_listens_on()
    {
        var service = Resource("Service", "flock-learner");
        var spec = Map(service, "spec");
        Assert.Equal("None", Text(spec, "clusterIP"));
        var port = Sequence(spec, "ports").Single();
        Assert.Equal("akka", Text(port, "name"));

        // The service selects the learner's pods, which expose the same port under the same name.
        var learner = Resource("Deployment", "flock-learner");
        var podLabels = Map(Map(Map(learner, "spec"), "template"), "metadata");
        foreach (var (key, value) in Map(spec, "selector").Children)
        {
            Assert.Equal(Text(value), Text(Map(podLabels, "labels"), Text(key)));
        }

        var container = Containers(learner).Single();
        var containerPort = Sequence(container, "ports").Single(p => Text(p, "name") == "akka");
        var lines = LearnerCommandLines(container);
        Assert.Equal(2, lines.Count);
        foreach (var args in lines)
        {
            // Reachable from other pods (not loopback), on the service's port, under the service's DNS name:
            // the name is the learner's Akka address, which survives a pod restart with a new IP.
            var (host, listenPort) = HostPort(Option(args, "--listen"));
            Assert.Equal("0.0.0.0", host);
            Assert.Equal(Text(port, "port"), listenPort);
            Assert.Equal(listenPort, Text(containerPort, "containerPort"));
            Assert.Equal(ServiceHost(service), Option(args, "--public-host"));
        }
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

        // The learner reads config.json from the ConfigMap, wherever its mount puts it.
        foreach (var args in LearnerCommandLines(container))
        {
            var file = MountedFile(learner, container, Option(args, "--config"));
            Assert.Equal(("configMap", "flock-config", "config.json"), (file.Kind, file.Name, file.Key));
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
    public void The_actors_are_a_scalable_deployment_of_the_same_image_joining_the_learner_through_its_service()
    {
        var actors = Resource("Deployment", "flock-actors");
        Assert.True(int.Parse(Text(Map(actors, "spec"), "replicas"), CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("kubectl -n flock scale deployment/flock-actors", File.ReadAllText(Path.Combine(K8s, "actors.yaml")), StringComparison.Ordinal);
        var container = Containers(actors).Single();
        Assert.Equal("flock", Text(container, "image"));

        // FLOCK_JOIN names the learner's service and port, exactly as the learner's Akka address has them.
        var service = Resource("Service", "flock-learner");
        var servicePort = Text(Sequence(Map(service, "spec"), "ports").Single(), "port");
        var env = Env(container);
        Assert.Equal($"{ServiceHost(service)}:{servicePort}", Text(env["FLOCK_JOIN"], "value"));
        var args = ActorsCommandLine(container);
        Assert.Null(Option(args, "--join"));

        // Akka.Remote connects back to the node, so it binds a reachable address and names itself by its pod IP.
        Assert.Equal("status.podIP", Text(Map(Map(env["POD_IP"], "valueFrom"), "fieldRef"), "fieldPath"));
        var (host, port) = HostPort(Option(args, "--listen"));
        Assert.Equal("0.0.0.0", host);
        Assert.Equal("$(POD_IP)", Option(args, "--public-host"));
        Assert.Equal(port, Text(Sequence(container, "ports").Single(p => Text(p, "name") == "akka"), "containerPort"));
        Assert.Equal("$(POD_NAME)", Option(args, "--node-name"));
        Assert.Equal("metadata.name", Text(Map(Map(env["POD_NAME"], "valueFrom"), "fieldRef"), "fieldPath"));
    }

    [Fact]
    public void Both_nodes_present_the_certificate_of_the_tls_secret_and_take_its_password_from_it()
    {
        var nodes = new[] { Resource("Deployment", "flock-learner"), Resource("Deployment", "flock-actors") };
        foreach (var workload in nodes)
        {
            var container = Containers(workload).Single();
            foreach (var args in CommandLines(container))
            {
                // Not loopback, so TLS: the certificate comes read-only from the secret, never --insecure.
                Assert.DoesNotContain("--insecure", args);
                var file = MountedFile(workload, container, Option(args, "--tls-cert"));
                Assert.Equal(("secret", TlsSecret, "node.pfx"), (file.Kind, file.Name, file.Key));
                Assert.True(file.ReadOnly, $"{Text(container, "name")}: the secret's mount is not read-only");
            }

            var password = Map(Map(Env(container)[PasswordVariable], "valueFrom"), "secretKeyRef");
            Assert.Equal((TlsSecret, "password"), (Text(password, "name"), Text(password, "key")));
        }

        // The manifest is a placeholder without data (applying it must never overwrite the real secret), and
        // says how to create the real one with the two keys used above.
        var secret = Resource("Secret", TlsSecret);
        Assert.False(secret.Children.ContainsKey(new YamlScalarNode("data")) || secret.Children.ContainsKey(new YamlScalarNode("stringData")),
            "tls-secret.yaml holds data: a `kubectl apply -k` would overwrite the real secret with it");
        Assert.Contains($"kubectl -n flock create secret generic {TlsSecret} --from-file=node.pfx --from-literal=password=",
            File.ReadAllText(Path.Combine(K8s, "tls-secret.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_secret_value_is_written_in_a_manifest_or_put_on_a_command_line()
    {
        foreach (var workload in new[] { Resource("Deployment", "flock-learner"), Resource("Deployment", "flock-actors") })
        {
            var container = Containers(workload).Single();
            foreach (var (name, variable) in Env(container))
            {
                if (Regex.IsMatch(name, "PASSWORD|SECRET|TOKEN|KEY", RegexOptions.IgnoreCase))
                {
                    Assert.False(variable.Children.ContainsKey(new YamlScalarNode("value")), $"{name} is written in the manifest instead of coming from a secret");
                }
            }

            // A password expanded into the arguments would show in `ps` and in the pod's spec.
            var commandLine = string.Join(' ', new[] { "command", "args" }
                .Where(k => container.Children.ContainsKey(new YamlScalarNode(k)))
                .SelectMany(k => Sequence(container, k).Select(Text)));
            Assert.DoesNotContain(PasswordVariable, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("password", commandLine, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <remarks>
    /// Needs the Akka.Cluster command line (<c>--listen</c>, <c>--public-host</c>, <c>--tls-cert</c>, <c>--join</c>
    /// or <c>FLOCK_JOIN</c>): fails on the RabbitMQ-era CLI, which has none of these.
    /// </remarks>
    [Fact]
    public void Every_flock_command_line_in_the_manifests_and_the_dockerfile_parses_with_flocks_own_parser()
    {
        var actors = Containers(Resource("Deployment", "flock-actors")).Single();
        var lines = new List<List<string>> { Expanded(actors, ActorsCommandLine(actors)) };
        lines.AddRange(LearnerCommandLines(Containers(Resource("Deployment", "flock-learner")).Single()));
        Assert.Equal(["actors", "learner", "learner"], lines.Select(l => l[0]));
        lines.Add(DockerfileCommand());
        foreach (var args in lines)
        {
            var parse = FlockCli.Build().Parse(args);
            Assert.True(parse.Errors.Count == 0, $"flockrl {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Empty(parse.UnmatchedTokens);
        }
    }

    [Fact]
    public void The_dockerfile_publishes_the_cli_to_the_path_the_manifests_run_exposes_the_cluster_port_and_copies_files_that_exist()
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

        // The image exposes the port both kinds of node listen on.
        var exposed = Regex.Match(dockerfile, @"^EXPOSE (\d+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal(Text(Sequence(Map(Resource("Service", "flock-learner"), "spec"), "ports").Single(), "port"), exposed);

        // The learner's shell command runs the published assembly, as the entry point does.
        Assert.All(LearnerCommandLines(Containers(Resource("Deployment", "flock-learner")).Single()), args => Assert.Equal("learner", args[0]));
    }

    private static string Namespace => Text(Documents("kustomization.yaml").Single(), "namespace");

    /// <summary>The DNS name of a service in the kustomization's namespace.</summary>
    private static string ServiceHost(YamlMappingNode service) => $"{Text(Map(service, "metadata"), "name")}.{Namespace}.svc.cluster.local";

    /// <summary>The flock arguments of each <c>exec dotnet /app/flockrl.dll …</c> line of the learner's shell script.</summary>
    private static List<List<string>> LearnerCommandLines(YamlMappingNode container)
    {
        var script = string.Join('\n', Sequence(container, "args").Select(Text));
        return [.. ExecLine().Matches(script).Select(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList())];
    }

    /// <summary>The actor node's arguments to the image's entry point.</summary>
    private static List<string> ActorsCommandLine(YamlMappingNode container) => [.. Sequence(container, "args").Select(Text)];

    private static List<List<string>> CommandLines(YamlMappingNode container) =>
        container.Children.ContainsKey(new YamlScalarNode("command")) ? LearnerCommandLines(container) : [ActorsCommandLine(container)];

    /// <summary>The arguments with each <c>$(VAR)</c> replaced by a value of the kind Kubernetes would put there.</summary>
    private static List<string> Expanded(YamlMappingNode container, List<string> args)
    {
        var env = Env(container);
        var samples = new Dictionary<string, string> { ["status.podIP"] = "10.42.0.17", ["metadata.name"] = "flock-actors-5d8f7c9b6-x2x7q" };
        return [.. args.Select(a => KubernetesVariable().Replace(a, m =>
        {
            var variable = env[m.Groups["name"].Value];
            return variable.Children.ContainsKey(new YamlScalarNode("value"))
                ? Text(variable, "value")
                : samples[Text(Map(Map(variable, "valueFrom"), "fieldRef"), "fieldPath")];
        }))];
    }

    /// <summary>The flock arguments the image runs with when none are given (its CMD).</summary>
    private static List<string> DockerfileCommand()
    {
        var cmd = Regex.Match(File.ReadAllText(Dockerfile), @"^CMD \[(?<args>.*)\]$", RegexOptions.Multiline);
        Assert.True(cmd.Success, "the Dockerfile has no CMD");
        return [.. Regex.Matches(cmd.Groups["args"].Value, "\"([^\"]*)\"").Select(m => m.Groups[1].Value)];
    }

    private static string? Option(List<string> args, string name)
    {
        var i = args.IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    private static (string Host, string Port) HostPort(string? value)
    {
        Assert.NotNull(value);
        var colon = value.LastIndexOf(':');
        Assert.True(colon > 0, $"{value} is not HOST:PORT");
        return (value[..colon], value[(colon + 1)..]);
    }

    private static Dictionary<string, YamlMappingNode> Env(YamlMappingNode container) =>
        Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));

    /// <summary>
    /// Where a file the container reads comes from: the volume mounted deepest above <paramref name="path"/>,
    /// and within it the ConfigMap or Secret key projected to that path.
    /// </summary>
    private static (string Kind, string Name, string Key, bool ReadOnly) MountedFile(YamlMappingNode workload, YamlMappingNode container, string? path)
    {
        Assert.NotNull(path);
        var mount = Sequence(container, "volumeMounts").Cast<YamlMappingNode>()
            .Where(m => path.StartsWith(Text(m, "mountPath").TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => Text(m, "mountPath").Length);
        Assert.True(mount is not null, $"{path} lies in no volume of {Text(container, "name")}");
        var relative = path[(Text(mount, "mountPath").TrimEnd('/').Length + 1)..];
        var readOnly = mount.Children.TryGetValue(new YamlScalarNode("readOnly"), out var ro) && ((YamlScalarNode)ro).Value == "true";
        var volume = (YamlMappingNode)Sequence(Map(Map(Map(workload, "spec"), "template"), "spec"), "volumes").Single(v => Text(v, "name") == Text(mount, "name"));

        IEnumerable<(string Kind, YamlMappingNode Source, string NameKey)> sources = volume.Children.ContainsKey(new YamlScalarNode("projected"))
            ? Sequence(Map(volume, "projected"), "sources").Cast<YamlMappingNode>().Select(s => s.Children.First())
                .Select(c => (Text(c.Key), (YamlMappingNode)c.Value, "name"))
            : volume.Children.Where(c => Text(c.Key) is "secret" or "configMap")
                .Select(c => (Text(c.Key), (YamlMappingNode)c.Value, Text(c.Key) == "secret" ? "secretName" : "name"));
        foreach (var (kind, source, nameKey) in sources)
        {
            if (!source.Children.ContainsKey(new YamlScalarNode("items")))
            {
                return (kind, Text(source, nameKey), relative, readOnly);
            }

            var item = Sequence(source, "items").FirstOrDefault(i => Text(i, "path") == relative);
            if (item is not null)
            {
                return (kind, Text(source, nameKey), Text(item, "key"), readOnly);
            }
        }

        Assert.Fail($"no ConfigMap or Secret of volume {Text(volume, "name")} puts a file at {path}");
        return default;
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

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex KubernetesVariable();
}
