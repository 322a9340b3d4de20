package dev.stresslab.launcher;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * KEDA's {@code ScaledObject} ({@code keda.sh/v1alpha1}) as a typed model with unknown fields rejected. No typed Java
 * model of KEDA's CRDs was found on Maven Central, so this one is written from KEDA's ScaledObject specification
 * (keda-docs, reference/scaledobject-spec.md, 2.15, plus {@code fallback.behavior} of later releases): every field of
 * the spec, none of the status, which a manifest never sets; of the object metadata only name, namespace, labels and
 * annotations. Trigger metadata is {@code map[string]string} there, so numbers must be quoted.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record KedaScaledObject(String apiVersion, String kind, Metadata metadata, Spec spec) {

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Spec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod, Integer initialCooldownPeriod,
                Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount, Fallback fallback,
                Advanced advanced, List<Trigger> triggers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ScaleTarget(String name, String kind, String apiVersion, String envSourceContainerName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
    }

    /** {@code horizontalPodAutoscalerConfig.behavior} is Kubernetes' own HPA behavior, typed by fabric8. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig, ScalingModifiers scalingModifiers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record HpaConfig(String name, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior behavior) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ScalingModifiers(String formula, String target, String activationTarget, String metricType) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef,
                   String metricType, Boolean useCachedMetrics) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record AuthenticationRef(String name, String kind) {
    }
}
