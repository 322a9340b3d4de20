package dev.stresslab.gateway.domain;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keeps every published completion under a byte cap. An answer above it becomes a failed completion that says how
 * large it was, so it is accounted for instead of being refused by Kafka (which would stop the channel).
 * <p>
 * Measuring means serializing, so it is done only when a cheap bound says the event might be too large: JSON writes
 * a UTF-16 char as at most 6 bytes ({@code \\uXXXX}), so {@code 6 × chars + overhead} bounds the event.
 */
public final class CompletionSizeGuard {
    /** Room for everything but the long texts (ids, usage, settings) in the cheap bound. */
    private static final long FIXED_OVERHEAD = 64 * 1024;

    private final long maxBytes;
    private final ToLongFunction<CompletionEvent> serializedSize;

    public CompletionSizeGuard(long maxBytes, ToLongFunction<CompletionEvent> serializedSize) {
        this.maxBytes = maxBytes;
        this.serializedSize = serializedSize;
    }

    /** The completion itself, or, when it is above the cap, a failed completion with the measured size. */
    public CompletionEvent check(CompletionEvent completion) {
        if (completion.failed() || upperBound(completion) <= maxBytes) {
            return completion;
        }
        long size = serializedSize.applyAsLong(completion);
        if (size <= maxBytes) {
            return completion;
        }
        return tooLarge(completion, size);
    }

    private CompletionEvent tooLarge(CompletionEvent c, long size) {
        Failure failure = new Failure(FailureKind.OUTPUT_TOO_LARGE.name(), String.format(
                "the model's answer is %,d bytes as an event (%,d chars of content, %,d of reasoning), above "
                        + "gateway.max-completion-bytes = %,d; recorded as failed, not published",
                size, length(c.content()), length(c.reasoning()), maxBytes), null);
        // the usage and timing stay: the tokens were spent and the report counts them
        return new CompletionEvent(c.schemaVersion(), c.runId(), c.promptId(), c.modelId(), c.benchmark(), c.level(),
                c.groupIndex(), c.sample(), c.questionIds(), c.goldAnswers(), c.answerKind(), null, null,
                c.finishReason(), c.usage(), c.latencyMs(), c.timeToFirstTokenMs(), c.attempts(), failure, c.subjects(),
                c.difficultyLevels(), c.prompt());
    }

    static long upperBound(CompletionEvent c) {
        long chars = length(c.content()) + length(c.reasoning()) + length(c.goldAnswers()) + length(c.questionIds())
                + length(c.subjects());
        return 6 * chars + FIXED_OVERHEAD;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    private static long length(List<String> list) {
        return list == null ? 0 : list.stream().mapToLong(CompletionSizeGuard::length).sum();
    }
}
