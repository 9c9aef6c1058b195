using System.Diagnostics;
using System.Reflection;
using IngestPlatform.TestSupport;
using k8s;
using k8s.Models;

namespace IngestPlatform.Deploy.Tests;

/// <summary>
/// A kustomization under deploy/kubernetes rendered by <c>kubectl kustomize</c> (no cluster needed) and read back with
/// the KubernetesClient models, strictly: a field the model does not know fails the read.
/// </summary>
public sealed class RenderedManifests
{
    private static readonly Dictionary<string, Type> Kinds = BuildKinds();

    private RenderedManifests(string path, IReadOnlyList<object> objects)
    {
        Path = path;
        Objects = objects;
    }

    public string Path { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public IEnumerable<V1Deployment> Deployments => All<V1Deployment>();

    public V1Deployment Deployment(string name) => Assert.Single(Deployments, d => d.Metadata.Name == name);

    /// <summary>Every setting a container gets: its ConfigMap and Secret sources (by data key) and its own env list.</summary>
    public Dictionary<string, string> Environment(V1Container container)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } configMap)
            {
                foreach (var (key, value) in Assert.Single(All<V1ConfigMap>(), c => c.Metadata.Name == configMap.Name).Data ?? new Dictionary<string, string>())
                {
                    settings[key] = value;
                }
            }

            // The base leaves the Secrets to its overlays (and to the user); an overlay must resolve them all.
            if (source.SecretRef is { } secret && All<V1Secret>().SingleOrDefault(s => s.Metadata.Name == secret.Name) is { } found)
            {
                foreach (var (key, value) in found.Data ?? new Dictionary<string, byte[]>())
                {
                    settings[key] = System.Text.Encoding.UTF8.GetString(value);
                }

                foreach (var (key, value) in found.StringData ?? new Dictionary<string, string>())
                {
                    settings[key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            settings[variable.Name] = variable.Value ?? $"<from {variable.ValueFrom?.SecretKeyRef?.Name ?? variable.ValueFrom?.ConfigMapKeyRef?.Name}>";
        }

        return settings;
    }

    public static RenderedManifests Render(string kustomization)
    {
        var path = System.IO.Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", kustomization);
        var start = new ProcessStartInfo("kubectl", ["kustomize", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed (tests/run.sh installs it: apt-get install kubectl).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {path} failed: {stderr.Result}");
            return new RenderedManifests(path, KubernetesYaml.LoadAllFromString(stdout.Result, Kinds, strict: true));
        }
    }

    /// <summary>apiVersion/kind of every built-in model (as KubernetesClient's own map), plus the custom resources used here.</summary>
    private static Dictionary<string, Type> BuildKinds()
    {
        var kinds = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(V1Deployment).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
            {
                var group = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
                kinds[$"{group}/{entity.Kind}"] = type;
            }
        }

        kinds[ScaledObject.Key] = typeof(ScaledObject);
        kinds[TriggerAuthentication.Key] = typeof(TriggerAuthentication);
        kinds[RabbitmqCluster.Key] = typeof(RabbitmqCluster);
        kinds[CnpgCluster.Key] = typeof(CnpgCluster);
        return kinds;
    }
}
