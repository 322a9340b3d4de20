package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression the ops artefacts hold: each target of every Grafana dashboard panel, each variable's
 * {@code label_values(...)} selector, and each alert rule's {@code expr}, with Grafana's variables replaced by what
 * "All" sends. {@link PipelineEndToEndIT} runs them all in Prometheus against a stack with data.
 */
record DashboardQueries(String source, String expr, boolean alert) {

    /**
     * Series that exist only once the release gate has decided an evaluation: the pipeline's stack makes none, so
     * there an expression naming one is checked for parsing only; {@code ReleaseGateEndToEndIT} checks it for series.
     */
    static final Set<String> AFTER_A_VERDICT = Set.of("stresslab_verdict", "stresslab_verdicts_total");

    private static final Pattern METRIC = Pattern.compile("\\b(stresslab_[a-z0-9_]+|up)\\b(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\)$");

    static List<DashboardQueries> load(Path home) throws IOException {
        List<DashboardQueries> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        Path dashboards = home.resolve("deploy/grafana/dashboards");
        try (var files = java.nio.file.Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = json.readTree(file.toFile());
                panels(file.getFileName().toString(), d.path("panels"), out);
                for (JsonNode v : d.path("templating").path("list")) {
                    String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                    Matcher m = LABEL_VALUES.matcher(q.trim());
                    if (m.matches()) {
                        out.add(new DashboardQueries(file.getFileName() + " variable " + v.path("name").asText(), grafana(m.group(1)), false));
                    }
                }
            }
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(home.resolve("deploy/prometheus/alerts.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.add(new DashboardQueries("alerts.yml " + rule.path("alert").asText(rule.path("record").asText()),
                        rule.path("expr").asText(), true));
            }
        }
        return out;
    }

    private static void panels(String file, JsonNode panels, List<DashboardQueries> out) {
        for (JsonNode panel : panels) {
            panels(file, panel.path("panels"), out); // a collapsed row holds its panels
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new DashboardQueries(file + " panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                            grafana(target.path("expr").asText()), false));
                }
            }
        }
    }

    /** What Grafana sends with every variable at "All" (allValue .*) and its own interval macros. */
    static String grafana(String expr) {
        return expr.replaceAll("\\$\\{?__rate_interval}?", "1m").replaceAll("\\$\\{?__interval}?", "15s")
                .replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*}?", ".*");
    }

    /** The metric names the expression selects (functions and label names excluded). */
    Set<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\\{[^}]*}", "{}").replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Runs every query in the Prometheus at {@code url} and returns what is wrong: an expression Prometheus cannot
     * parse, a dashboard query without series, or an alert whose selectors find no series (an alert's whole
     * expression is empty whenever it does not fire, so its parts are checked). Waits up to {@code patience} for
     * series, as rates need two scrapes and analytics refreshes its gauges on a timer.
     */
    static List<String> problems(String url, List<DashboardQueries> queries, java.time.Duration patience)
            throws IOException, InterruptedException {
        return problems(url, queries, patience, false);
    }

    /** @param afterAVerdict the stack has decided evaluations, so verdict series must exist too */
    static List<String> problems(String url, List<DashboardQueries> queries, java.time.Duration patience,
                                 boolean afterAVerdict) throws IOException, InterruptedException {
        var http = java.net.http.HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> problems;
        do {
            problems = new ArrayList<>();
            for (DashboardQueries q : queries) {
                JsonNode whole = query(http, json, url, q.expr());
                if (!"success".equals(whole.path("status").asText())) {
                    problems.add(q.source() + ": Prometheus refuses `" + q.expr() + "`: " + whole.path("error").asText());
                    continue;
                }
                if (q.parseOnly() && !afterAVerdict) {
                    continue;
                }
                List<String> probes = q.alert() ? q.metrics().stream().map(m -> "count(" + m + ")").toList() : List.of(q.expr());
                for (String probe : probes) {
                    if (query(http, json, url, probe).path("data").path("result").isEmpty()) {
                        problems.add(q.source() + ": no series for `" + probe + "`");
                    }
                }
            }
            if (problems.isEmpty() || System.nanoTime() > deadline) {
                return problems;
            }
            Thread.sleep(1000);
        } while (true);
    }

    private static JsonNode query(java.net.http.HttpClient http, ObjectMapper json, String url, String promql)
            throws IOException, InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/api/v1/query?query="
                + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8))).build();
        return json.readTree(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    }

    /** True when the expression reads a series that exists only after a verdict ({@link #AFTER_A_VERDICT}). */
    boolean parseOnly() {
        return metrics().stream().anyMatch(AFTER_A_VERDICT::contains);
    }
}
