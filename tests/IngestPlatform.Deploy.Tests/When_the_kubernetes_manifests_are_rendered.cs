using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using k8s.Models;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Deploy.Tests;

/// <summary>
/// deploy/kubernetes checked against the code it deploys, statically (no cluster here): queue names, ports, probe paths
/// and settings are read from the services' own types by reflection, so renaming one without the manifests fails here.
/// </summary>
public class When_the_kubernetes_manifests_are_rendered
{
    private const string Production = "overlays/production";

    public static TheoryData<string> Kustomizations => ["base", Production, "overlays/operators"];

    /// <summary>The Deployments, each named for the stage it runs, by the assembly they run.</summary>
    private static readonly Dictionary<string, string> Services = new()
    {
        [Stages.Watcher] = "IngestPlatform.Watcher",
        [Stages.Normalizer] = "IngestPlatform.Normalizer",
        [Stages.LanguageDetector] = "IngestPlatform.LanguageDetector",
        [Stages.Storage] = "IngestPlatform.Storage",
        ["api"] = "IngestPlatform.Api",
    };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Should_read_every_object_with_a_typed_model(string kustomization)
    {
        var manifests = RenderedManifests.Render(kustomization);

        Assert.NotEmpty(manifests.Objects);
        Assert.Equal(Services.Keys.Order(), manifests.Deployments.Select(d => d.Metadata.Name).Order());
        if (kustomization != "base")
        {
            var secrets = manifests.All<V1Secret>().Select(s => s.Metadata.Name).ToHashSet();
            var referenced = manifests.Deployments.SelectMany(d => d.Spec.Template.Spec.Containers)
                .SelectMany(c => (c.EnvFrom ?? []).Select(e => e.SecretRef?.Name).Concat((c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name)))
                .OfType<string>()
                .Concat(manifests.All<TriggerAuthentication>().SelectMany(a => a.Spec.SecretTargetRef).Select(r => r.Name));
            // The operators' own Secrets are created by them at run time.
            var missing = referenced.Where(r => !secrets.Contains(r) && r is not ("ingest-rabbitmq-default-user" or "ingest-postgres-app")).ToList();
            Assert.True(missing.Count == 0, $"Secrets referenced but not in {kustomization}: {string.Join(", ", missing)}");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Should_probe_the_paths_and_port_the_services_serve(string kustomization)
    {
        var manifests = RenderedManifests.Render(kustomization);
        var stopTimeout = BusStopTimeout();

        foreach (var deployment in manifests.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);
            var port = Assert.Single(container.Ports);
            var urls = manifests.Environment(container)["ASPNETCORE_URLS"];
            Assert.Equal(new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port, port.ContainerPort);

            Assert.Equal(ServiceDefaultsExtensions.HealthPath, container.ReadinessProbe.HttpGet.Path);
            Assert.Equal(ServiceDefaultsExtensions.AlivePath, container.LivenessProbe.HttpGet.Path);
            Assert.Equal(ServiceDefaultsExtensions.AlivePath, container.StartupProbe.HttpGet.Path);
            Assert.All(new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }, p => Assert.Equal(port.Name, p.HttpGet.Port.Value));

            // SIGTERM gives the bus its whole stop timeout before SIGKILL.
            Assert.True(pod.TerminationGracePeriodSeconds > stopTimeout.TotalSeconds,
                $"{deployment.Metadata.Name}: terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} <= the bus StopTimeout {stopTimeout}");
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
        }

        foreach (var service in manifests.All<V1Service>().Where(s => s.Spec.Selector is not null))
        {
            var target = manifests.Deployment(service.Spec.Selector["app.kubernetes.io/name"]);
            Assert.All(service.Spec.Ports, p => Assert.Equal(Assert.Single(target.Spec.Template.Spec.Containers).Ports[0].Name, p.TargetPort.Value));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Should_set_only_settings_the_services_bind(string kustomization)
    {
        var manifests = RenderedManifests.Render(kustomization);

        foreach (var deployment in manifests.Deployments)
        {
            var assembly = Assembly.Load(Services[deployment.Metadata.Name]);
            var sections = OptionSections(assembly);
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            var environment = manifests.Environment(container);
            // Variables only there to be expanded into another's value ($(NAME)) are not settings.
            var expanded = environment.Values.SelectMany(v => System.Text.RegularExpressions.Regex.Matches(v, @"\$\((\w+)\)").Select(m => m.Groups[1].Value)).ToHashSet();

            foreach (var (name, value) in environment.Where(e => !expanded.Contains(e.Key)))
            {
                if (name is "ASPNETCORE_URLS" || name == $"ConnectionStrings__{IngestPlatform.Api.ApiOptions.ConnectionStringName}")
                {
                    continue;
                }

                var parts = name.Split("__");
                Assert.True(parts.Length >= 2, $"{deployment.Metadata.Name}: {name} is not Section__Property");
                // The ConfigMap is shared: a section no options class of this service binds is someone else's.
                if (!AllSections.Value.ContainsKey(parts[0]))
                {
                    Assert.Fail($"{deployment.Metadata.Name}: {name}: no service binds a section {parts[0]}");
                }

                if (!sections.TryGetValue(parts[0], out var options))
                {
                    continue;
                }

                var property = options.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                Assert.True(property is not null, $"{deployment.Metadata.Name}: {name}: {options.Name} has no property {parts[1]}");
                if (parts.Length == 2 && !value.StartsWith("<from", StringComparison.Ordinal))
                {
                    var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                    var converted = type.IsEnum
                        ? Enum.Parse(type, value, ignoreCase: true)
                        : TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                    Assert.NotNull(converted);
                }
            }
        }
    }

    [Theory]
    [InlineData(Production)]
    [InlineData("overlays/operators")]
    public void Should_scale_each_consumer_on_the_queues_it_consumes(string kustomization)
    {
        var manifests = RenderedManifests.Render(kustomization);
        var authentications = manifests.All<TriggerAuthentication>().Select(a => a.Metadata.Name).ToHashSet();
        var scaled = manifests.All<ScaledObject>().ToList();

        foreach (var (deployment, assembly) in Services)
        {
            var consumed = ConsumedQueues(Assembly.Load(assembly));
            // The table of queues by stage says what the consumer definitions do (a deployment is named for its stage).
            Assert.Equal(QueueNames.ConsumedBy(deployment).Order(), consumed.Order());
            var scaledObject = scaled.SingleOrDefault(s => s.Spec.ScaleTargetRef.Name == deployment);
            if (consumed.Count == 0)
            {
                Assert.Null(scaledObject);
                continue;
            }

            Assert.NotNull(scaledObject);
            manifests.Deployment(deployment);
            Assert.Equal(consumed.Order(), scaledObject.Spec.Triggers.Select(t => t.Metadata["queueName"]).Order());
            Assert.All(scaledObject.Spec.Triggers, t =>
            {
                Assert.Equal("rabbitmq", t.Type);
                // The management API counts unacknowledged messages too; AMQP counts only the ready ones.
                Assert.Equal("http", t.Metadata["protocol"]);
                Assert.Equal("QueueLength", t.Metadata["mode"]);
                Assert.True(int.Parse(t.Metadata["value"], CultureInfo.InvariantCulture) > 0);
                Assert.Contains(t.AuthenticationRef!.Name, authentications);
            });
            Assert.True(scaledObject.Spec.MinReplicaCount >= 1, $"{deployment} must keep a replica");
            Assert.True(scaledObject.Spec.MaxReplicaCount > scaledObject.Spec.MinReplicaCount);
        }

        // Every queue of the code is in the table, and drained by a scaled consumer.
        var queues = typeof(QueueNames).GetFields().Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(queues.Order(), QueueNames.All.Select(q => q.Name).Order());
        Assert.Equal(queues.Order(), scaled.SelectMany(s => s.Spec.Triggers).Select(t => t.Metadata["queueName"]).Order());
        Assert.Equal("quorum", manifests.Environment(manifests.Deployment("storage").Spec.Template.Spec.Containers[0])["RabbitMq__QueueType"]);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Should_keep_the_inbox_and_payloads_on_shared_volumes(string kustomization)
    {
        var manifests = RenderedManifests.Render(kustomization);
        var claims = manifests.All<V1PersistentVolumeClaim>().ToDictionary(c => c.Metadata.Name);

        foreach (var deployment in manifests.Deployments.Where(d => d.Metadata.Name != "api"))
        {
            var pod = deployment.Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);
            var environment = manifests.Environment(container);
            var paths = new List<string> { environment["Payloads__Path"] };
            if (deployment.Metadata.Name == "watcher")
            {
                paths.AddRange([environment["Watcher__InboxPath"], environment["Watcher__ProcessedPath"], environment["Watcher__FailedPath"]]);
                Assert.True(deployment.Spec.Replicas >= 2, "a standby watcher takes over when the active one dies");
            }

            foreach (var path in paths)
            {
                var mount = container.VolumeMounts.SingleOrDefault(m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal) || path == m.MountPath);
                Assert.True(mount is not null, $"{deployment.Metadata.Name}: {path} is on no volume");
                var claim = pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim;
                Assert.True(claim is not null, $"{deployment.Metadata.Name}: {path} is not on a PersistentVolumeClaim");
                Assert.Contains("ReadWriteMany", claims[claim.ClaimName].Spec.AccessModes);
            }
        }
    }

    private static readonly Lazy<Dictionary<string, Type>> AllSections = new(() =>
        Services.Values.Append("IngestPlatform.ServiceDefaults").SelectMany(a => OptionSections(Assembly.Load(a))).DistinctBy(s => s.Key)
            .ToDictionary(StringComparer.OrdinalIgnoreCase));

    /// <summary>Options classes (a <c>SectionName</c> constant) of the service and of ServiceDefaults, by section.</summary>
    private static Dictionary<string, Type> OptionSections(Assembly service) =>
        service.GetTypes().Concat(typeof(RabbitMqOptions).Assembly.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true })
            .DistinctBy(x => x.Type)
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>The queues a service's consumer definitions listen on, as MassTransit names them.</summary>
    private static List<string> ConsumedQueues(Assembly service) =>
        service.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IConsumerDefinition).IsAssignableFrom(t))
            .Select(t =>
            {
                var constructor = t.GetConstructors().Single();
                var arguments = constructor.GetParameters().Select(p => DefaultOptions(p.ParameterType)).ToArray();
                return ((IConsumerDefinition)constructor.Invoke(arguments)).GetEndpointName(KebabCaseEndpointNameFormatter.Instance);
            })
            .ToList();

    private static object DefaultOptions(Type type)
    {
        Assert.True(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IOptions<>), $"unexpected constructor parameter {type}");
        var options = Activator.CreateInstance(type.GetGenericArguments()[0])!;
        return typeof(Options).GetMethod(nameof(Options.Create))!.MakeGenericMethod(options.GetType()).Invoke(null, [options])!;
    }

    /// <summary>MassTransit's stop timeout as the services configure it (AddIngestBus), not a copy of the number.</summary>
    private static TimeSpan BusStopTimeout()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddIngestBus();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value.StopTimeout ?? TimeSpan.Zero;
    }
}
