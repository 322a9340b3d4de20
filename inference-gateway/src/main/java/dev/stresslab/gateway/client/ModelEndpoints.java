package dev.stresslab.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.EndpointUrlAllowList;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.AimdLimiter;
import dev.stresslab.gateway.domain.CircuitBreaker;
import dev.stresslab.gateway.domain.ConcurrencyLimiter;
import dev.stresslab.gateway.domain.InFlightLimiter;
import dev.stresslab.gateway.domain.RequestRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registered endpoints, each with its HTTP client (REST client, or a streaming client), its in-flight limit,
 * its circuit breaker, its metrics and its (never logged) credentials.
 */
@ApplicationScoped
public class ModelEndpoints {
    private static final Logger LOG = Logger.getLogger(ModelEndpoints.class);

    /**
     * One registered endpoint. {@code authorization} is the full header value or null; it is deliberately left out
     * of {@link #toString()} and of everything this gateway logs, publishes or serves.
     */
    public record Endpoint(String id, GatewayConfig.Endpoint config, OpenAiClient client, StreamingClient streaming,
                           ConcurrencyLimiter limiter, RequestRateLimiter rate, CircuitBreaker breaker, Map<String, JsonNode> extraParams,
                           AtomicInteger prompts, EndpointMeters meters, String authorization) {
        @Override
        public String toString() {
            return "Endpoint[" + id + ", model=" + config.model() + "]";
        }
    }

    /** Sorted by id; concurrent because endpoints registered at run time join while prompts are being served. */
    private final Map<String, Endpoint> endpoints = new ConcurrentSkipListMap<>();
    private final GatewayConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final EndpointUrlAllowList allowList;

    public ModelEndpoints(GatewayConfig config, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.allowList = new EndpointUrlAllowList(config.registration().allowedBaseUrls().orElse(List.of()));
        config.endpoints().forEach((id, e) -> add(id, e, authorization(id, e)));
    }

    private Endpoint add(String id, GatewayConfig.Endpoint e, String authorization) {
        OpenAiClient client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(e.baseUrl()))
                .connectTimeout(e.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(e.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, Math.max(e.maxInFlight(), 1))
                .build(OpenAiClient.class);
        StreamingClient streaming = e.stream() ? new StreamingClient(vertx, e.baseUrl(), e.connectTimeout(), e.maxInFlight()) : null;
        Endpoint endpoint = new Endpoint(id, e, client, streaming, limiter(id, e),
                e.requestsPerSecond().map(r -> new RequestRateLimiter(r, e.requestsBurst())).orElse(null),
                new CircuitBreaker(e.circuitFailureThreshold(), e.circuitCooldown()),
                RequestBodies.parseExtraParams(e.extraParams()), new AtomicInteger(), new EndpointMeters(registry, id),
                authorization);
        endpoints.put(id, endpoint);
        registerGauges(registry, endpoint);
        LOG.infof("registered model endpoint '%s' (model %s, %s API%s, %s, breaker %d failures/%s, "
                        + "extra params %s, key %s)", id, e.model(), e.api(), e.stream() ? ", streaming" : "",
                e.concurrencyMode() == GatewayConfig.ConcurrencyMode.adaptive
                        ? "adaptive " + e.minInFlight() + ".." + e.maxInFlight() + " in flight, from " + endpoint.limiter().limit()
                        : "max " + e.maxInFlight() + " in flight", e.circuitFailureThreshold(), e.circuitCooldown(), endpoint.extraParams().keySet(),
                endpoint.authorization() != null ? "set" : "none");
        return endpoint;
    }

    /** Why a run-time registration was refused; the message is for the caller. */
    public static final class RegistrationRefused extends RuntimeException {
        public final boolean conflict;

        RegistrationRefused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }
    }

    /**
     * Registers (or finds, when identical) endpoint {@code id} serving {@code model} at {@code baseUrl}, with the
     * template endpoint's settings and no API key. The base URL must match the allow-list; an id that already names
     * another URL or model is a conflict (a new deployment takes a new id, or the configuration).
     */
    public synchronized Endpoint register(String id, String model, String baseUrl) {
        if (id == null || id.isBlank() || model == null || model.isBlank()) {
            throw new RegistrationRefused("'id' and 'model' are required", false);
        }
        allowList.refusal(baseUrl).ifPresent(why -> {
            throw new RegistrationRefused(why, false);
        });
        Endpoint existing = endpoints.get(id);
        if (existing != null) {
            if (existing.config().baseUrl().equals(baseUrl) && existing.config().model().equals(model)) {
                return existing;
            }
            throw new RegistrationRefused("endpoint '" + id + "' is already registered with another model or URL", true);
        }
        String templateId = config.registration().template().orElse(config.endpoints().keySet().stream().sorted().findFirst()
                .orElseThrow(() -> new RegistrationRefused("no configured endpoint to copy settings from", false)));
        GatewayConfig.Endpoint template = Optional.ofNullable(config.endpoints().get(templateId))
                .orElseThrow(() -> new RegistrationRefused("gateway.registration.template names no endpoint: " + templateId, false));
        return add(id, new RegisteredEndpoint(template, baseUrl, model), null);
    }

    private static ConcurrencyLimiter limiter(String id, GatewayConfig.Endpoint e) {
        if (e.concurrencyMode() == GatewayConfig.ConcurrencyMode.fixed) {
            return new InFlightLimiter(e.maxInFlight());
        }
        try {
            return new AimdLimiter(e.minInFlight(), e.maxInFlight(), e.initialInFlight().orElse(e.minInFlight()),
                    e.adaptiveBackoffRatio(), e.adaptiveLatencyRatio());
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("endpoint '" + id + "': " + bad.getMessage(), bad);
        }
    }

    /** Bounded labels: the endpoint id only (ids come from configuration, never from events). */
    private static void registerGauges(MeterRegistry registry, Endpoint e) {
        Gauge.builder("stresslab.gateway.endpoint.concurrency.limit", e.limiter(), ConcurrencyLimiter::limit)
                .description("requests the endpoint may have in flight now (fixed, or found by the adaptive limiter)")
                .tag("endpoint", e.id()).register(registry);
        Gauge.builder("stresslab.gateway.endpoint.in.flight", e.limiter(), ConcurrencyLimiter::inFlight)
                .description("requests being answered by the endpoint").tag("endpoint", e.id()).register(registry);
        Gauge.builder("stresslab.gateway.endpoint.queue.depth", e.limiter(), ConcurrencyLimiter::waiting)
                .description("prompts waiting for a free in-flight slot of the endpoint").tag("endpoint", e.id()).register(registry);
        Gauge.builder("stresslab.gateway.endpoint.prompts", e.prompts(), AtomicInteger::get)
                .description("prompts in progress for the endpoint (waiting, calling or backing off)").tag("endpoint", e.id())
                .register(registry);
        Gauge.builder("stresslab.gateway.endpoint.circuit.open", e.breaker(), b -> b.state() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the endpoint's circuit breaker is open or half-open").tag("endpoint", e.id()).register(registry);
    }

    public Optional<Endpoint> find(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    public Map<String, Endpoint> all() {
        return endpoints;
    }

    @PreDestroy
    void close() {
        endpoints.values().forEach(e -> {
            if (e.streaming() != null) {
                e.streaming().close();
            }
        });
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
