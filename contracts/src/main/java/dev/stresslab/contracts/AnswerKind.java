package dev.stresslab.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a gold answer is compared: mathematical equivalence or a multiple-choice letter. */
public enum AnswerKind {
    MATH, CHOICE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AnswerKind fromJson(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
