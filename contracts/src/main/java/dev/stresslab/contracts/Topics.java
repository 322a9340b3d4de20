package dev.stresslab.contracts;

/**
 * Kafka topic names. Every stress.* record of a run is keyed by run id so one run keeps its order within a partition;
 * the release gate's two topics are keyed as their constants say.
 */
public final class Topics {
    public static final String RUNS = "stress.runs";
    public static final String PROMPTS = "stress.prompts";
    public static final String COMPLETIONS = "stress.completions";
    public static final String SCORES = "stress.scores";
    /** Code answers to execute: the scorer's partial verdicts of a code prompt, completed by code-runner. */
    public static final String CODE_JOBS = "stress.code-jobs";
    public static final String DLQ = "stress.dlq";
    /** Deployments announced to the release gate ({@link DeploymentEvent}), keyed by endpoint id, not run id. */
    public static final String DEPLOYMENTS = "model.deployments";
    /** The release gate's verdicts ({@link VerdictEvent}), keyed by evaluation id. */
    public static final String VERDICTS = "stress.verdicts";

    /**
     * The largest record any topic takes: the brokers' and topics' {@code message.max.bytes}/{@code max.message.bytes}
     * and every producer's {@code max.request.size} (checked by the launcher's MessageSizeLimitsTest against every
     * configuration file, compose and the Strimzi topics). Reasoning models write up to 128k tokens per answer; the
     * gateway refuses to publish a completion above its own, lower cap ({@code gateway.max-completion-bytes}) and
     * records it as failed instead, so no record ever reaches this limit.
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private Topics() {
    }
}
