package dev.stresslab.gateway.client;

import dev.stresslab.gateway.config.GatewayConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of an endpoint registered at run time: its own base URL and model, everything else (limits, timeouts,
 * retries, breaker, extra parameters) from a configured template endpoint, and never an API key.
 */
final class RegisteredEndpoint implements GatewayConfig.Endpoint {
    private final GatewayConfig.Endpoint template;
    private final String baseUrl;
    private final String model;

    RegisteredEndpoint(GatewayConfig.Endpoint template, String baseUrl, String model) {
        this.template = template;
        this.baseUrl = baseUrl;
        this.model = model;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Optional<String> apiKeyEnv() {
        return Optional.empty();
    }

    @Override
    public Optional<String> apiKeyFile() {
        return Optional.empty();
    }

    @Override
    public GatewayConfig.Api api() {
        return template.api();
    }

    @Override
    public GatewayConfig.ConcurrencyMode concurrencyMode() {
        return template.concurrencyMode();
    }

    @Override
    public int maxInFlight() {
        return template.maxInFlight();
    }

    @Override
    public int minInFlight() {
        return template.minInFlight();
    }

    @Override
    public Optional<Integer> initialInFlight() {
        return template.initialInFlight();
    }

    @Override
    public double adaptiveBackoffRatio() {
        return template.adaptiveBackoffRatio();
    }

    @Override
    public double adaptiveLatencyRatio() {
        return template.adaptiveLatencyRatio();
    }

    @Override
    public Optional<Double> requestsPerSecond() {
        return template.requestsPerSecond();
    }

    @Override
    public int requestsBurst() {
        return template.requestsBurst();
    }

    @Override
    public Duration timeout() {
        return template.timeout();
    }

    @Override
    public Duration connectTimeout() {
        return template.connectTimeout();
    }

    @Override
    public int maxAttempts() {
        return template.maxAttempts();
    }

    @Override
    public Duration initialBackoff() {
        return template.initialBackoff();
    }

    @Override
    public Duration maxBackoff() {
        return template.maxBackoff();
    }

    @Override
    public boolean stream() {
        return template.stream();
    }

    @Override
    public boolean maxCompletionTokens() {
        return template.maxCompletionTokens();
    }

    @Override
    public Map<String, String> extraParams() {
        return template.extraParams();
    }

    @Override
    public int circuitFailureThreshold() {
        return template.circuitFailureThreshold();
    }

    @Override
    public Duration circuitCooldown() {
        return template.circuitCooldown();
    }
}
