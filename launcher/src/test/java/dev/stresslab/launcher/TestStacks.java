package dev.stresslab.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The packaged-services stacks the integration tests start. */
final class TestStacks {
    private TestStacks() {
    }

    /** A port shifted by {@code STRESSLAB_IT_PORT_OFFSET}. */
    static int shifted(int port) {
        return port + Integer.parseInt(System.getenv().getOrDefault("STRESSLAB_IT_PORT_OFFSET", "0"));
    }

    /**
     * Starts a stack from the repository root. The shared benchmark files are used when they are there (the
     * simulator then knows the answers); otherwise a 16-question GSM8K-format fixture, so a test never silently skips.
     * {@code STRESSLAB_IT_PORT_OFFSET} shifts every port, so two checkouts can run the integration tests at once.
     */
    static Stack start(String workDir, int portBase, boolean includeDeadEndpoint, Map<String, List<String>> extra,
                       int gatewayReplicas) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path shared = home.resolve("../shared/datasets").normalize();
        Path datasets = Files.isDirectory(shared.resolve("gsm8k")) ? shared : home.resolve("launcher/src/test/resources/datasets");
        Stack stack = new Stack(new StackConfig(home, home.resolve("launcher/target").resolve(workDir), datasets, shifted(portBase),
                Optional.empty(), includeDeadEndpoint, extra, gatewayReplicas), System.out::println);
        return stack.start();
    }
}
