package dev.stresslab.analytics.domain;

/** One graded question slot of a run, as the comparison sees it. */
public record SlotOutcome(String questionId, int level, int position, int sample, boolean correct) {
}
