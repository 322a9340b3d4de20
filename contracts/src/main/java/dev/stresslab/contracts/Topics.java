package dev.stresslab.contracts;

/** Kafka topic names. Every record is keyed by run id so one run keeps its order within a partition. */
public final class Topics {
    public static final String RUNS = "stress.runs";
    public static final String PROMPTS = "stress.prompts";
    public static final String COMPLETIONS = "stress.completions";
    public static final String SCORES = "stress.scores";
    public static final String DLQ = "stress.dlq";

    private Topics() {
    }
}
