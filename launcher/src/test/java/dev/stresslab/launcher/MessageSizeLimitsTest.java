package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stresslab.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One record limit everywhere (contracts' {@link Topics#MAX_RECORD_BYTES}): every producer of every service, the
 * compose broker, the Strimzi broker and every Strimzi topic. A multi-megabyte reasoning output once stopped the
 * gateway because one of these was left at Kafka's 1 MB default; this test reads every configuration file so none
 * can drift again. The launcher's and the tests' brokers use the constant itself.
 */
class MessageSizeLimitsTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final String LIMIT = String.valueOf(Topics.MAX_RECORD_BYTES);
    private static final List<String> SERVICES = List.of("prompt-composer", "inference-gateway", "scorer", "analytics",
            "code-runner", "release-gate");

    @Test
    void everyProducerIsCompressedAndTakesTheRecordLimit() throws IOException {
        int producers = 0;
        for (String service : SERVICES) {
            Properties p = properties(service);
            for (String channel : channels(p, "mp.messaging.outgoing.")) {
                String prefix = "mp.messaging.outgoing." + channel + ".";
                assertEquals(LIMIT, p.getProperty(prefix + "max.request.size"), service + " " + channel + ": max.request.size");
                assertTrue(Set.of("lz4", "zstd").contains(p.getProperty(prefix + "compression.type")),
                        service + " " + channel + " is not compressed");
                producers++;
            }
            for (String channel : channels(p, "mp.messaging.incoming.")) {
                String fetchMax = p.getProperty("mp.messaging.incoming." + channel + ".fetch.max.bytes");
                if (fetchMax != null) {
                    assertTrue(Long.parseLong(fetchMax) <= Topics.MAX_RECORD_BYTES, service + " " + channel + " fetches more than a record limit per poll");
                }
            }
        }
        assertTrue(producers >= 6, "found the producers: " + producers);
        long gatewayCap = Long.parseLong(properties("inference-gateway").getProperty("gateway.max-completion-bytes"));
        assertTrue(gatewayCap < Topics.MAX_RECORD_BYTES, "the gateway's completion cap is below the record limit");
        assertTrue(gatewayCap >= 8_000_000, "completions of at least 8 MB go through");
    }

    @Test
    void composeAndStrimziBrokersAndTopicsTakeTheRecordLimit() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(HOME.resolve("docker-compose.yml").toFile());
        JsonNode kafkaEnv = compose.path("services").path("kafka").path("environment");
        assertEquals(LIMIT, kafkaEnv.path("KAFKA_MESSAGE_MAX_BYTES").asText());
        assertEquals(LIMIT, kafkaEnv.path("KAFKA_REPLICA_FETCH_MAX_BYTES").asText());

        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(HOME.resolve("deploy/k8s/kafka.yaml").toFile())) {
            it.forEachRemaining(docs::add);
        }
        Set<String> topics = new TreeSet<>();
        for (JsonNode doc : docs) {
            switch (doc.path("kind").asText()) {
                case "Kafka" -> {
                    assertEquals(LIMIT, doc.path("spec").path("kafka").path("config").path("message.max.bytes").asText());
                    assertEquals(LIMIT, doc.path("spec").path("kafka").path("config").path("replica.fetch.max.bytes").asText());
                }
                case "KafkaTopic" -> {
                    String name = doc.path("metadata").path("name").asText();
                    assertEquals(LIMIT, doc.path("spec").path("config").path("max.message.bytes").asText(), name);
                    topics.add(name);
                }
                default -> { }
            }
        }
        assertEquals(new TreeSet<>(List.of(Topics.RUNS, Topics.PROMPTS, Topics.COMPLETIONS, Topics.SCORES, Topics.DLQ,
                Topics.CODE_JOBS, Topics.DEPLOYMENTS, Topics.VERDICTS)), topics);
    }

    private static Set<String> channels(Properties p, String prefix) {
        Set<String> out = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.endsWith(".connector") && "smallrye-kafka".equals(p.getProperty(key))) {
                out.add(key.substring(prefix.length(), key.length() - ".connector".length()));
            }
        }
        assertFalse(prefix.isEmpty());
        return out;
    }

    private static Properties properties(String service) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(HOME.resolve(service).resolve("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }
}
