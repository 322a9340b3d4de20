package dev.stresslab.composer.messaging;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.RunSpec;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The broker as a composer killed mid-publish leaves it, before the composer under test starts: run A has only its
 * PUBLISHING event (and one of its six prompts); run B names a benchmark no longer configured; run C finished.
 */
public class HalfPublishedRunsResource extends KafkaBrokerResource {
    static final String RESUMABLE = "run-halfway";
    static final String UNPLANNABLE = "run-gone";
    static final String FINISHED = "run-finished";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try (KafkaTestClient kafka = new KafkaTestClient(config.get("kafka.bootstrap.servers"))) {
            RunSpec spec = new RunSpec("gsm8k", "sim-budgeter", List.of(1, 2), 3, null, 1, null, GenerationSettings.PAPER_DEFAULTS);
            kafka.send(Topics.RUNS, RESUMABLE, publishing(RESUMABLE, spec, 6));
            kafka.send(Topics.PROMPTS, RESUMABLE, "{\"promptId\":\"" + RESUMABLE + "/gsm8k/L1/G0/S0\"}");
            RunSpec gone = new RunSpec("retired-bench", "sim-budgeter", List.of(1), null, null, 1, null, GenerationSettings.PAPER_DEFAULTS);
            kafka.send(Topics.RUNS, UNPLANNABLE, publishing(UNPLANNABLE, gone, 4));
            RunEvent done = publishing(FINISHED, spec, 6);
            kafka.send(Topics.RUNS, FINISHED, done);
            kafka.send(Topics.RUNS, FINISHED, done.as(RunEvent.Type.COMPOSED, null));
        }
        return config;
    }

    private static RunEvent publishing(String runId, RunSpec spec, int prompts) {
        return new RunEvent(RunEvent.SCHEMA_VERSION, RunEvent.Type.PUBLISHING, runId, spec.modelId(), spec.benchmark(),
                spec.levels(), 3, 1, prompts, Instant.now(), spec, null);
    }
}
