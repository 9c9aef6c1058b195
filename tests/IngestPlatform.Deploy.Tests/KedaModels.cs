using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace IngestPlatform.Deploy.Tests;

// Typed models of the custom resources the manifests use, so they are read as strictly as the built-in kinds: a
// misspelt or misplaced field is an error, not a silently ignored key. Fields as documented by KEDA 2.x
// (keda.sh/v1alpha1), the RabbitMQ Cluster Operator (rabbitmq.com/v1beta1) and CloudNativePG (postgresql.cnpg.io/v1);
// only the fields this project uses.

public sealed class ScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public const string Key = "keda.sh/v1alpha1/ScaledObject";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public ScaledObjectSpec Spec { get; set; } = new();
}

public sealed class ScaledObjectSpec
{
    [JsonPropertyName("scaleTargetRef")] public ScaleTarget ScaleTargetRef { get; set; } = new();
    [JsonPropertyName("pollingInterval")] public int? PollingInterval { get; set; }
    [JsonPropertyName("cooldownPeriod")] public int? CooldownPeriod { get; set; }
    [JsonPropertyName("minReplicaCount")] public int? MinReplicaCount { get; set; }
    [JsonPropertyName("maxReplicaCount")] public int? MaxReplicaCount { get; set; }
    [JsonPropertyName("advanced")] public ScaledObjectAdvanced? Advanced { get; set; }
    [JsonPropertyName("triggers")] public List<ScaleTrigger> Triggers { get; set; } = [];
}

public sealed class ScaleTarget
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
}

public sealed class ScaledObjectAdvanced
{
    [JsonPropertyName("horizontalPodAutoscalerConfig")] public HpaConfig? HorizontalPodAutoscalerConfig { get; set; }
}

public sealed class HpaConfig
{
    [JsonPropertyName("behavior")] public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

public sealed class ScaleTrigger
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("metadata")] public Dictionary<string, string> Metadata { get; set; } = [];
    [JsonPropertyName("authenticationRef")] public AuthenticationRef? AuthenticationRef { get; set; }
}

public sealed class AuthenticationRef
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("kind")] public string? Kind { get; set; }
}

public sealed class TriggerAuthentication : IKubernetesObject<V1ObjectMeta>
{
    public const string Key = "keda.sh/v1alpha1/TriggerAuthentication";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public TriggerAuthenticationSpec Spec { get; set; } = new();
}

public sealed class TriggerAuthenticationSpec
{
    [JsonPropertyName("secretTargetRef")] public List<SecretTarget> SecretTargetRef { get; set; } = [];
}

public sealed class SecretTarget
{
    [JsonPropertyName("parameter")] public string Parameter { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("key")] public string Key { get; set; } = "";
}

public sealed class RabbitmqCluster : IKubernetesObject<V1ObjectMeta>
{
    public const string Key = "rabbitmq.com/v1beta1/RabbitmqCluster";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public RabbitmqClusterSpec Spec { get; set; } = new();
}

public sealed class RabbitmqClusterSpec
{
    [JsonPropertyName("replicas")] public int Replicas { get; set; }
    [JsonPropertyName("image")] public string? Image { get; set; }
    [JsonPropertyName("resources")] public V1ResourceRequirements? Resources { get; set; }
    [JsonPropertyName("persistence")] public RabbitmqPersistence? Persistence { get; set; }
    [JsonPropertyName("rabbitmq")] public RabbitmqConfig? Rabbitmq { get; set; }
}

public sealed class RabbitmqPersistence
{
    [JsonPropertyName("storage")] public ResourceQuantity? Storage { get; set; }
    [JsonPropertyName("storageClassName")] public string? StorageClassName { get; set; }
}

public sealed class RabbitmqConfig
{
    [JsonPropertyName("additionalConfig")] public string? AdditionalConfig { get; set; }
}

public sealed class CnpgCluster : IKubernetesObject<V1ObjectMeta>
{
    public const string Key = "postgresql.cnpg.io/v1/Cluster";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public CnpgClusterSpec Spec { get; set; } = new();
}

public sealed class CnpgClusterSpec
{
    [JsonPropertyName("instances")] public int Instances { get; set; }
    [JsonPropertyName("imageName")] public string? ImageName { get; set; }
    [JsonPropertyName("storage")] public CnpgStorage? Storage { get; set; }
    [JsonPropertyName("bootstrap")] public CnpgBootstrap? Bootstrap { get; set; }
    [JsonPropertyName("resources")] public V1ResourceRequirements? Resources { get; set; }
}

public sealed class CnpgStorage
{
    [JsonPropertyName("size")] public string? Size { get; set; }
}

public sealed class CnpgBootstrap
{
    [JsonPropertyName("initdb")] public CnpgInitdb? Initdb { get; set; }
}

public sealed class CnpgInitdb
{
    [JsonPropertyName("database")] public string? Database { get; set; }
    [JsonPropertyName("owner")] public string? Owner { get; set; }
}
