using System.Text.Json;
using System.Text.RegularExpressions;
using Ocpi.Emsp.Benchmarks;

namespace Ocpi.Emsp.Tests.Deploy;

/// <summary>
/// The production properties of deploy/ that nothing else would notice losing: probes per their meaning, memory above
/// the measured peak, only /ocpi on the public ingress, a disruption budget, a preStop delay, no floating image tags,
/// compose refusing to start without an API key, and a production sample without the embedded database.
/// </summary>
public sealed partial class DeployFilesTests
{
    /// <summary>Peak RSS measured under load (about 508 MiB); the memory request must cover it.</summary>
    private const long MeasuredPeakBytes = 508L * 1024 * 1024;

    private static readonly string Deploy = System.IO.Path.Combine(
        BenchEnvironment.FindRepositoryRoot() ?? throw new InvalidOperationException("Ocpi.Emsp.sln not found above the test"), "deploy");

    [Fact]
    public void every_yaml_and_json_file_of_deploy_parses()
    {
        var files = Directory.EnumerateFiles(Deploy, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml") || f.EndsWith(".yml") || f.EndsWith(".json")).ToList();
        files.Count.ShouldBeGreaterThan(8);
        foreach (var file in files)
        {
            if (file.EndsWith(".json")) Should.NotThrow(() => JsonDocument.Parse(File.ReadAllText(file)), file);
            else Yaml.Load(file).ShouldNotBeNull(file);
        }
    }

    [Fact]
    public void no_image_is_latest_or_untagged()
    {
        foreach (var file in Directory.EnumerateFiles(Deploy, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            text.Contains(":latest", StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{file} names a :latest image");
            foreach (Match image in ImageLine().Matches(text))
            {
                var reference = image.Groups[1].Value;
                var name = reference[(reference.LastIndexOf('/') + 1)..];
                (name.Contains(':') || name.Contains('@')).ShouldBeTrue($"{file}: image {reference} has no tag");
            }
        }
    }

    [Fact]
    public void the_deployment_probes_liveness_without_the_database_readiness_with_it_and_starts_with_a_startup_probe()
    {
        var container = Container();

        Path(container, "startupProbe", "httpGet", "path").ShouldBe("/health/startup");
        Path(container, "readinessProbe", "httpGet", "path").ShouldBe("/health/ready");
        Path(container, "livenessProbe", "httpGet", "path").ShouldBe("/health/live");
    }

    [Fact]
    public void the_deployment_requests_more_memory_than_the_measured_peak_and_limits_at_one_gibibyte_or_more()
    {
        var resources = Yaml.Map(Container()["resources"]);

        Quantity(Path(resources, "requests", "memory")).ShouldBeGreaterThan(MeasuredPeakBytes);
        Quantity(Path(resources, "limits", "memory")).ShouldBeGreaterThanOrEqualTo(1L << 30);
    }

    [Fact]
    public void the_deployment_delays_sigterm_with_a_prestop_within_a_grace_period_that_covers_the_host_shutdown()
    {
        var deployment = Yaml.Load(Kubernetes("deployment.yaml"));
        var pod = Yaml.Map(Path(deployment, "spec", "template", "spec"));
        var command = Yaml.List(Path(Container(), "lifecycle", "preStop", "exec", "command"));

        command[0].ShouldBe("sleep");
        var delay = int.Parse((string)command[1]);
        delay.ShouldBeInRange(5, 15);
        // The host's own shutdown timeout (30 s by default) must fit after the delay.
        int.Parse((string)pod["terminationGracePeriodSeconds"]).ShouldBeGreaterThanOrEqualTo(delay + 30);
    }

    [Fact]
    public void the_deployment_runs_as_non_root_on_a_read_only_root_with_a_volume_for_the_decision_spill_directory()
    {
        var deployment = Yaml.Load(Kubernetes("deployment.yaml"));
        var container = Container();
        Path(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot").ShouldBe("true");
        Path(container, "securityContext", "readOnlyRootFilesystem").ShouldBe("true");

        var spill = Path(Yaml.Load(Kubernetes("configmap.yaml")), "data", "Emsp__Authorization__SpillDirectory");
        var mounts = Yaml.List(container["volumeMounts"]).Select(m => (string)Yaml.Map(m)["mountPath"]).ToList();
        mounts.ShouldContain("/tmp");
        mounts.ShouldContain((string)spill);
    }

    [Fact]
    public void a_disruption_budget_keeps_one_of_the_replicas_and_selects_the_deployments_pods()
    {
        var budget = Yaml.Load(Kubernetes("pdb.yaml"));
        var deployment = Yaml.Load(Kubernetes("deployment.yaml"));

        budget["kind"].ShouldBe("PodDisruptionBudget");
        var minAvailable = int.Parse((string)Path(budget, "spec", "minAvailable"));
        minAvailable.ShouldBe(1);
        int.Parse((string)Path(deployment, "spec", "replicas")).ShouldBeGreaterThan(minAvailable);
        Yaml.Map(Path(budget, "spec", "selector", "matchLabels"))
            .ShouldBe(Yaml.Map(Path(deployment, "spec", "template", "metadata", "labels")));
        Yaml.List(Yaml.Load(Kubernetes("kustomization.yaml"))["resources"]).ShouldContain("pdb.yaml");
    }

    [Fact]
    public void the_public_ingress_exposes_only_the_ocpi_prefix()
    {
        var ingress = Yaml.Load(Kubernetes("ingress.example.yaml"));

        var paths = Yaml.List(Path(ingress, "spec", "rules"))
            .SelectMany(rule => Yaml.List(Path(Yaml.Map(rule), "http", "paths")))
            .Select(p => (Path: (string)Yaml.Map(p)["path"], Type: (string)Yaml.Map(p)["pathType"]))
            .ToList();
        paths.ShouldBe([("/ocpi", "Prefix")]);
        Yaml.List(Yaml.Load(Kubernetes("kustomization.yaml"))["resources"]).ShouldNotContain("ingress-internal.example.yaml");
    }

    [Fact]
    public void compose_refuses_to_start_without_an_api_key_and_pins_and_waits_for_postgres()
    {
        var compose = Yaml.Load(System.IO.Path.Combine(Deploy, "docker-compose.yml"));
        var services = Yaml.Map(compose["services"]);
        var emsp = Yaml.Map(services["emsp"]);
        var postgres = Yaml.Map(services["postgres"]);

        ((string)Path(emsp, "environment", "Emsp__ApiKey")).ShouldStartWith("${EMSP_API_KEY:?");
        Path(emsp, "depends_on", "postgres", "condition").ShouldBe("service_healthy");
        postgres.ShouldContainKey("healthcheck");
        emsp.ShouldContainKey("healthcheck");
        // Pinned to a minor release: a bare major tag moves under a running database.
        ((string)postgres["image"]).ShouldMatch(@"^postgres:\d+\.\d+");
    }

    [Fact]
    public void the_production_sample_has_no_embedded_database_and_a_connection_string()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Deploy, "appsettings.Production.example.json")));

        sample.RootElement.GetProperty("Emsp").TryGetProperty("EmbeddedDatabase", out _).ShouldBeFalse();
        sample.RootElement.GetProperty("ConnectionStrings").GetProperty("Marten").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    private static string Kubernetes(string file) => System.IO.Path.Combine(Deploy, "kubernetes", file);

    private static Dictionary<object, object> Container()
    {
        var deployment = Yaml.Load(Kubernetes("deployment.yaml"));
        return Yaml.Map(Yaml.List(Path(deployment, "spec", "template", "spec", "containers")).Single());
    }

    private static object Path(Dictionary<object, object> node, params string[] keys)
    {
        object current = node;
        foreach (var key in keys)
        {
            var map = Yaml.Map(current);
            map.ShouldContainKey(key, $"missing {string.Join('.', keys)}");
            current = map[key];
        }
        return current;
    }

    private static long Quantity(object value)
    {
        var match = MemoryQuantity().Match((string)value);
        match.Success.ShouldBeTrue($"memory quantity {value}");
        var unit = match.Groups[2].Value switch
        {
            "Ki" => 1L << 10, "Mi" => 1L << 20, "Gi" => 1L << 30, "K" => 1000L, "M" => 1000_000L, "G" => 1000_000_000L, _ => 1L,
        };
        return long.Parse(match.Groups[1].Value) * unit;
    }

    [GeneratedRegex(@"^\s*(?:-\s*)?image:\s*""?([^\s""#]+)", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"^(\d+)(Ki|Mi|Gi|K|M|G)?$")]
    private static partial Regex MemoryQuantity();
}
