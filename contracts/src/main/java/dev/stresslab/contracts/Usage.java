package dev.stresslab.contracts;

/** Token usage of one model call; any field may be null when the server did not report it. */
public record Usage(Integer promptTokens, Integer completionTokens, Integer reasoningTokens) {
    public static final Usage UNKNOWN = new Usage(null, null, null);
}
