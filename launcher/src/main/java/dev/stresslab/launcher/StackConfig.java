package dev.stresslab.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the embedded stack lives and which ports it uses. Ports are {@code portBase + offset} so two stacks with
 * different bases never collide. {@code realEndpoint} registers an OpenAI-compatible server in the gateway.
 */
record StackConfig(Path home, Path workDir, Path datasetsDir, int portBase, Optional<RealEndpoint> realEndpoint,
                   boolean includeDeadEndpoint, Map<String, List<String>> extraProperties, int gatewayReplicas) {

    StackConfig(Path home, Path workDir, Path datasetsDir, int portBase, Optional<RealEndpoint> realEndpoint,
                boolean includeDeadEndpoint) {
        this(home, workDir, datasetsDir, portBase, realEndpoint, includeDeadEndpoint, Map.of());
    }

    StackConfig(Path home, Path workDir, Path datasetsDir, int portBase, Optional<RealEndpoint> realEndpoint,
                boolean includeDeadEndpoint, Map<String, List<String>> extraProperties) {
        this(home, workDir, datasetsDir, portBase, realEndpoint, includeDeadEndpoint, extraProperties, 1);
    }

    /** Extra -D properties for one module's process (benchmarks set latency and capacity this way). */
    List<String> extra(String module) {
        return extraProperties.getOrDefault(module, List.of());
    }

    /** A real model server; the API key stays in the named environment variable (inherited, never on a command line). */
    record RealEndpoint(String id, String baseUrl, String model, String apiKeyEnv, int maxInFlight) {
    }

    int kafkaPort() {
        return portBase;
    }

    int controllerPort() {
        return portBase + 1;
    }

    int postgresPort() {
        return portBase + 2;
    }

    int composerPort() {
        return portBase + 10;
    }

    int gatewayPort() {
        return portBase + 11;
    }

    int scorerPort() {
        return portBase + 12;
    }

    int analyticsPort() {
        return portBase + 13;
    }

    int codeRunnerPort() {
        return portBase + 14;
    }

    /** The release gate (continuous evaluation; docs/continuous-evaluation.md). */
    int gatePort() {
        return portBase + 15;
    }

    /** The HTTP port of gateway replica {@code n} (1 is {@link #gatewayPort()}; more replicas share its consumer group). */
    int gatewayPort(int n) {
        return n == 1 ? gatewayPort() : portBase + 30 + n;
    }

    int simulatorPort() {
        return portBase + 19;
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort();
    }

    Path logDir() {
        return workDir.resolve("logs");
    }
}
