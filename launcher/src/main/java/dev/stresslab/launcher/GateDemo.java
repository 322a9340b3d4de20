package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The default demo: continuous evaluation as a platform team wires it. Two simulated deployments of one family go
 * through the model.deployments topic: sim-budgeter first (its evaluation has no baseline yet; it is then promoted),
 * then sim-overthinker, which the release gate compares with it. Prints both reports side by side and the verdict.
 */
final class GateDemo {
    static final String FAMILY = "sim-demo";
    private final Stack stack;
    private final PrintStream out;
    private final Duration timeout;

    GateDemo(Stack stack, PrintStream out, Duration timeout) {
        this.stack = stack;
        this.out = out;
        this.timeout = timeout;
    }

    int run() throws Exception {
        GateClient gate = new GateClient(stack.gateUrl(), null);
        StressRunClient analytics = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
        JsonNode baseline = deployAndAwait(gate, "sim-budgeter", "the baseline deployment");
        if (!"DECIDED".equals(baseline.path("status").asText())) {
            return fail(baseline);
        }
        gate.promote(baseline.path("evaluationId").asText());
        out.printf("promoted evaluation %s (run %s) as the %s baseline of suite rest-quick%n",
                baseline.path("evaluationId").asText(), runId(baseline), FAMILY);

        JsonNode candidate = deployAndAwait(gate, "sim-overthinker", "the new deployment");
        JsonNode baseReport = analytics.report(runId(baseline));
        JsonNode candidateReport = runId(candidate) == null ? null : analytics.report(runId(candidate));
        if (baseReport != null && candidateReport != null) {
            sideBySide(baseReport, candidateReport, out);
        }
        EvalVerdict.printTable(candidate, out);
        out.printf("%nverdict page: %s/evaluations/%s/verdict.html · the topic: stress.verdicts · metrics: %s/q/metrics%n",
                stack.gateUrl(), candidate.path("evaluationId").asText(), stack.gateUrl());
        String viewer = runId(candidate) == null ? null : analytics.viewerUrl(runId(candidate));
        if (viewer != null) {
            out.printf("see why: a wrong answer of the new deployment in the prompt viewer: %s%n", viewer);
        }
        return "DECIDED".equals(candidate.path("status").asText()) ? 0 : fail(candidate);
    }

    private int fail(JsonNode evaluation) {
        out.println("the evaluation ended " + evaluation.path("status").asText() + ": " + evaluation.path("reason").asText());
        return 1;
    }

    private JsonNode deployAndAwait(GateClient gate, String endpoint, String what) throws Exception {
        ObjectNode event = GateClient.JSON.createObjectNode().put("schemaVersion", 1)
                .put("deploymentId", "demo-" + endpoint + "-" + Instant.now().toEpochMilli()).put("modelName", endpoint)
                .put("endpointId", endpoint).put("family", FAMILY).put("at", Instant.now().toString());
        event.putArray("suites").add("rest-quick");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEPLOYMENTS, endpoint, event.toString())).get();
        }
        out.printf("%ndeployed %s (%s): event on %s, family %s%n", endpoint, what, Topics.DEPLOYMENTS, FAMILY);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode found = null;
        while (found == null && System.nanoTime() < deadline) {
            JsonNode list = gate.evaluations(endpoint);
            found = list.isEmpty() ? null : list.get(0);
            Thread.sleep(300);
        }
        if (found == null) {
            throw new IllegalStateException("the release gate started no evaluation for " + endpoint + " within a minute");
        }
        String id = found.path("evaluationId").asText();
        out.printf("release gate: evaluation %s, suite %s%n", id, found.path("suite").asText());
        String[] last = {""};
        return gate.awaitFinal(id, timeout, p -> {
            String line = String.format("  %-9s prompts %d of %d · failed %d", p.path("status").asText(),
                    p.path("completed").asLong(), p.path("prompts").asLong(), p.path("failed").asLong());
            if (!line.equals(last[0])) {
                out.println(line);
                last[0] = line;
            }
        });
    }

    private static String runId(JsonNode evaluation) {
        JsonNode runs = evaluation.path("runs");
        return runs.isEmpty() || !runs.get(0).path("runId").isTextual() ? null : runs.get(0).path("runId").asText();
    }

    /** Per level: both models' accuracy with its interval, and the difference. */
    static void sideBySide(JsonNode base, JsonNode candidate, PrintStream out) {
        out.printf("%n%-6s %-34s %-34s %10s%n", "level", base.path("modelId").asText() + " (" + base.path("runId").asText() + ")",
                candidate.path("modelId").asText() + " (" + candidate.path("runId").asText() + ")", "difference");
        for (JsonNode l : base.path("levels")) {
            JsonNode c = null;
            for (JsonNode cl : candidate.path("levels")) {
                if (cl.path("level").asInt() == l.path("level").asInt()) {
                    c = cl;
                }
            }
            out.printf(Locale.ROOT, "%-6d %-34s %-34s %10s%n", l.path("level").asInt(), cell(l), c == null ? "-" : cell(c),
                    c == null ? "-" : String.format(Locale.ROOT, "%+.2f pt", c.path("accuracy").asDouble() - l.path("accuracy").asDouble()));
        }
    }

    private static String cell(JsonNode level) {
        return String.format(Locale.ROOT, "%6.2f%% [%.1f, %.1f] of %d", level.path("accuracy").asDouble(),
                level.path("ciLow").asDouble(), level.path("ciHigh").asDouble(), level.path("slots").asLong());
    }
}
