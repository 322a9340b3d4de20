package dev.stresslab.contracts;

import java.time.Instant;
import java.util.List;

/**
 * "Model {@code modelName} is now serving as registry endpoint {@code endpointId}" (topic model.deployments, key =
 * endpointId), sent by a deploy pipeline; the release gate starts the suites configured for the endpoint.
 * <ul>
 *   <li>{@code deploymentId}: what makes two deliveries "the same deployment" (one evaluation per suite). Optional:
 *   without it, endpoint, model name and base URL together are the deployment's identity.</li>
 *   <li>{@code baseUrl}: optional; the endpoint's OpenAI-compatible server, registered in the gateway without a restart,
 *   only if it matches the operator's allow-list ({@link EndpointUrlAllowList}).</li>
 *   <li>{@code family}: optional; deployments of one family share their baseline (else the endpoint id does).</li>
 *   <li>{@code suites}: optional; the suites to run instead of those configured for the endpoint.</li>
 * </ul>
 */
public record DeploymentEvent(
        int schemaVersion,
        String deploymentId,
        String modelName,
        String endpointId,
        String baseUrl,
        String family,
        List<String> suites,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    /** The identity idempotency is keyed on. */
    public String identity() {
        if (deploymentId != null && !deploymentId.isBlank()) {
            return deploymentId;
        }
        return endpointId + "|" + (modelName == null ? "" : modelName) + "|" + (baseUrl == null ? "" : baseUrl);
    }

    /** The key baselines are kept under: the family when given, else the endpoint. */
    public String lineage() {
        return family != null && !family.isBlank() ? family : endpointId;
    }
}
