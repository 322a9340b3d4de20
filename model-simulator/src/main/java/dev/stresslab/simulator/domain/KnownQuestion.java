package dev.stresslab.simulator.domain;

import dev.stresslab.contracts.AnswerKind;

/** A benchmark question the simulator knows the gold answer of. */
public record KnownQuestion(String benchmark, String id, String text, String gold, AnswerKind kind) {
}
