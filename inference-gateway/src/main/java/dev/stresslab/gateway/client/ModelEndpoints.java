package dev.stresslab.gateway.client;

import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.InFlightLimiter;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The registered endpoints, each with its REST client, its in-flight limit and its (never logged) credentials. */
@ApplicationScoped
public class ModelEndpoints {
    private static final Logger LOG = Logger.getLogger(ModelEndpoints.class);

    /** One registered endpoint. {@code authorization} is the full header value or null; do not print it. */
    public record Endpoint(String id, GatewayConfig.Endpoint config, OpenAiClient client, InFlightLimiter limiter,
                           String authorization) {
        @Override
        public String toString() {
            return "Endpoint[" + id + ", model=" + config.model() + "]";
        }
    }

    private final Map<String, Endpoint> endpoints = new TreeMap<>();

    public ModelEndpoints(GatewayConfig config) {
        config.endpoints().forEach((id, e) -> {
            OpenAiClient client = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create(e.baseUrl()))
                    .connectTimeout(e.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(e.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(OpenAiClient.class);
            endpoints.put(id, new Endpoint(id, e, client, new InFlightLimiter(e.maxInFlight()), authorization(id, e)));
            LOG.infof("registered model endpoint '%s' (model %s, %s API, max %d in flight, key %s)", id, e.model(),
                    e.api(), e.maxInFlight(), e.apiKeyEnv().isPresent() || e.apiKeyFile().isPresent() ? "set" : "none");
        });
    }

    public Optional<Endpoint> find(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    public Map<String, Endpoint> all() {
        return endpoints;
    }

    private static String authorization(String id, GatewayConfig.Endpoint e) {
        String key = null;
        if (e.apiKeyEnv().isPresent()) {
            key = System.getenv(e.apiKeyEnv().get());
            if (key == null || key.isBlank()) {
                LOG.warnf("endpoint '%s': environment variable %s is not set; calling without a key", id, e.apiKeyEnv().get());
            }
        } else if (e.apiKeyFile().isPresent()) {
            try {
                key = Files.readString(Path.of(e.apiKeyFile().get())).strip();
            } catch (IOException ex) {
                LOG.warnf("endpoint '%s': cannot read the API key file (%s); calling without a key", id, ex.getClass().getSimpleName());
            }
        }
        return key == null || key.isBlank() ? null : "Bearer " + key;
    }
}
