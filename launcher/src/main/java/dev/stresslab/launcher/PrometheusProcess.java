package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Prometheus (Debian's binary), started against a running stack with the repo's alert rules: for the demo and tests. */
final class PrometheusProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManagedProcess process;
    private final String url;

    PrometheusProcess(Stack stack, Path rules, Path dir) throws IOException {
        this(stack, rules, dir, 0);
    }

    /** @param port where Prometheus listens; 0 picks a free one */
    PrometheusProcess(Stack stack, Path rules, Path dir, int port) throws IOException {
        StackConfig c = stack.config();
        Files.createDirectories(dir);
        String targets = String.join(", ", List.of(c.composerPort(), c.gatewayPort(), c.scorerPort(), c.analyticsPort(),
                c.simulatorPort(), c.gatePort(), c.codeRunnerPort()).stream().map(p -> "'127.0.0.1:" + p + "'").toList());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: { scrape_interval: 1s, evaluation_interval: 1s }
                rule_files: ['%s']
                scrape_configs:
                  - job_name: stress-lab
                    metrics_path: /q/metrics
                    static_configs: [ { targets: [%s] } ]
                """.formatted(rules.toAbsolutePath(), targets));
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        url = "http://127.0.0.1:" + port;
        process = ManagedProcess.start("prometheus", List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port), c.logDir());
        process.awaitReady(() -> ManagedProcess.httpOk(url + "/-/ready"), Duration.ofSeconds(60));
    }

    String url() {
        return url;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data").path("result");
    }

    JsonNode rules() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data").path("groups");
    }

    @Override
    public void close() {
        process.close();
    }
}
