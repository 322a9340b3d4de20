package dev.stresslab.testkit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for {@code @QuarkusTest} classes that talk to the test broker (KafkaBrokerResource) with plain Kafka
 * clients: {@link #kafka} is connected before each test and closed after it.
 */
public abstract class KafkaTestSupport {
    protected KafkaTestClient kafka;

    @BeforeEach
    void connectToTestBroker() {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void closeTestBrokerClient() {
        kafka.close();
    }
}
