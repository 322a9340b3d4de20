package dev.stresslab.launcher;

import dev.stresslab.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A single-node KRaft Kafka broker as its own JVM, from the Apache Kafka jars on this launcher's classpath. */
final class KafkaBrokerProcess {
    static final Map<String, Integer> TOPICS = Map.of(
            "stress.runs", 4, "stress.prompts", 8, "stress.completions", 8, "stress.scores", 8, "stress.dlq", 4,
            "stress.code-jobs", 8, "model.deployments", 4, "stress.verdicts", 4);

    private KafkaBrokerProcess() {
    }

    static ManagedProcess start(StackConfig config) throws IOException, InterruptedException {
        Path dir = config.workDir().resolve("kafka");
        Files.createDirectories(dir);
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.controllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://127.0.0.1:" + config.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // the platform's record limit: completions carry whole reasoning outputs (docs/reliability.md)
                "message.max.bytes=" + Topics.MAX_RECORD_BYTES,
                "replica.fetch.max.bytes=" + Topics.MAX_RECORD_BYTES,
                "") );
        String classpath = classpath();
        // formatted once; a restart (after a crash, say) keeps the log and its cluster id, and the broker recovers it
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            Process format = new ProcessBuilder(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", properties.toString(),
                    "--ignore-formatted"))
                    .redirectErrorStream(true).redirectOutput(config.logDir().resolve("kafka-format.log").toFile()).start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka log dir failed; see " + config.logDir().resolve("kafka-format.log"));
            }
        }
        ManagedProcess broker = ManagedProcess.start("kafka", List.of(java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
                "-cp", classpath, "kafka.Kafka", properties.toString()), config.logDir());
        broker.awaitReady(() -> createTopics(config.bootstrap()), Duration.ofSeconds(90));
        return broker;
    }

    /** True once the broker answers and every topic exists. */
    static boolean createTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            List<NewTopic> topics = TOPICS.entrySet().stream().map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList();
            try {
                admin.createTopics(topics).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    return false;
                }
            }
            return admin.listTopics().names().get(5, TimeUnit.SECONDS).containsAll(TOPICS.keySet());
        } catch (Exception e) {
            return false;
        }
    }

    /** This JVM's classpath; when started with -jar, the jar plus its lib/ folder (the manifest's Class-Path). */
    static String classpath() {
        String cp = System.getProperty("java.class.path");
        if (!cp.contains(File.pathSeparator) && cp.endsWith(".jar")) {
            Path jar = Path.of(cp).toAbsolutePath();
            return jar + File.pathSeparator + jar.getParent().resolve("lib") + File.separator + "*";
        }
        return cp;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
