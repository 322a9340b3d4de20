package dev.stresslab.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a gold answer is compared: mathematical equivalence, a multiple-choice letter, or (CODE) by running the answer
 * against the problem's tests in code-runner (the gold is then the question id whose tests apply).
 */
public enum AnswerKind {
    MATH, CHOICE, CODE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AnswerKind fromJson(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
