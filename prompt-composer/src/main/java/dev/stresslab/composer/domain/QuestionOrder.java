package dev.stresslab.composer.domain;

import java.util.Arrays;
import java.util.Locale;

/**
 * The order of the questions inside each stress prompt. {@code DATASET} is REST's cyclic design (every question once
 * at every position). The other two re-order each prompt's own questions by a reference run's per-question accuracy
 * ({@link QuestionDifficulty}), for the paper's question-order experiment (Fig. 8): which questions share a prompt is
 * unchanged, only their order within it.
 */
public enum QuestionOrder {
    DATASET("dataset"),
    EASY_FIRST("easy-first"),
    HARD_FIRST("hard-first");

    private final String json;

    QuestionOrder(String json) {
        this.json = json;
    }

    /** The name used in requests, run specs and the {@code prompts} command. */
    public String json() {
        return json;
    }

    /** Null or blank is {@link #DATASET}; anything else unknown is an {@link InvalidRunException}. */
    public static QuestionOrder parse(String text) {
        if (text == null || text.isBlank()) {
            return DATASET;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.json.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidRunException("questionOrder must be one of dataset, easy-first, hard-first; was '"
                        + text + "'", "questionOrder"));
    }
}
