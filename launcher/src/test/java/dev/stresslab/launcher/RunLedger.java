package dev.stresslab.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where every prompt of a run went, read from the topics and the database themselves: the prompt ids on
 * stress.prompts, stress.completions and stress.scores (with how often each appears) and the rows in PostgreSQL.
 * {@link #assertEveryPromptAccountedFor} is the fault tests' verdict: the same set of prompt ids at every stage, one
 * row each, the report's totals equal to the composed count, and the run in a terminal state.
 */
record RunLedger(String runId, Map<String, Integer> prompts, Map<String, Integer> completions,
                 Map<String, Integer> scores, Map<String, String> stored, JsonNode report) {
    private static final JsonFactory JSON = new JsonFactory();

    static RunLedger read(Stack stack, StressRunClient client, String runId) throws Exception {
        return new RunLedger(runId, idsOnTopic(stack, Topics.PROMPTS, runId), idsOnTopic(stack, Topics.COMPLETIONS, runId),
                idsOnTopic(stack, Topics.SCORES, runId), storedOutcomes(stack, runId), client.report(runId));
    }

    /** Records beyond the first per prompt id, on one topic (redeliveries after a crash, a resumed publish). */
    static int duplicates(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(n -> n - 1).sum();
    }

    void assertEveryPromptAccountedFor(int composed) {
        assertEquals(composed, prompts.size(), runId + ": distinct prompt ids on stress.prompts");
        assertEquals(prompts.keySet(), completions.keySet(), runId + ": every prompt has a completion, no other");
        assertEquals(prompts.keySet(), scores.keySet(), runId + ": every prompt has a score, no other");
        assertEquals(prompts.keySet(), stored.keySet(), runId + ": every prompt is stored, no other");
        assertEquals("COMPLETE", report.path("status").asText(), runId + ": " + report);
        assertEquals(composed, report.path("composed").asInt(), runId);
        assertEquals(composed, report.path("completed").asInt(), runId);
        assertEquals(composed, report.path("scored").asInt() + report.path("failed").asInt(), runId);
        long failedRows = stored.values().stream().filter(kind -> kind != null).count();
        assertEquals(report.path("failed").asLong(), failedRows, runId + ": failed prompts carry their reason");
    }

    /** Which prompt ids each stage lacks, for a failure message. */
    String missing() {
        java.util.Set<String> noCompletion = new java.util.TreeSet<>(prompts.keySet());
        noCompletion.removeAll(completions.keySet());
        java.util.Set<String> noScore = new java.util.TreeSet<>(completions.keySet());
        noScore.removeAll(scores.keySet());
        java.util.Set<String> notStored = new java.util.TreeSet<>(scores.keySet());
        notStored.removeAll(stored.keySet());
        return "prompts without a completion: " + noCompletion + "; completions without a score: " + noScore
                + "; scores not stored: " + notStored + "; " + summary();
    }

    String summary() {
        return String.format("%s: %d prompts (+%d duplicate records), completions +%d, scores +%d, stored %d, failed %d %s",
                runId, prompts.size(), duplicates(prompts), duplicates(completions), duplicates(scores), stored.size(),
                report.path("failed").asInt(), failureKinds());
    }

    Map<String, Integer> failureKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        stored.values().stream().filter(k -> k != null).forEach(k -> kinds.merge(k, 1, Integer::sum));
        return kinds;
    }

    /** prompt id → records of the run on the topic, read from the beginning to the topic's current end. */
    static Map<String, Integer> idsOnTopic(Stack stack, String topic, String runId) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(stack, topic)) {
            if (runId.equals(r.key())) {
                counts.merge(promptId(r.value()), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every record of the topic, from the beginning to its end as it is now (no consumer group). */
    static List<ConsumerRecord<String, byte[]>> readAll(Stack stack, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** The top-level promptId, read without building the whole (possibly multi-megabyte) event. */
    private static String promptId(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && "promptId".equals(p.currentName())) {
                    p.nextToken();
                    return p.getText();
                }
            }
            return "(no promptId)";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /** prompt id → failure kind (null when scored), from PostgreSQL. */
    private static Map<String, String> storedOutcomes(Stack stack, String runId) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
             PreparedStatement q = db.prepareStatement("select prompt_id, failure_kind, outcome from prompt_result where run_id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(2);
                    assertTrue(kind != null || "SCORED".equals(rs.getString(3)), "a failed prompt without a reason: " + rs.getString(1));
                    out.put(rs.getString(1), kind);
                }
            }
        }
        return out;
    }
}
