package dev.stresslab.scorer.parse;

import java.util.List;

/**
 * One model output, parsed once ({@link OutputParser}) and read by the positional split, the label-aware reading, the
 * token attribution and the error taxonomy. Immutable.
 *
 * @param content          the completion's content ("" when null)
 * @param reasoningField   the separate reasoning text (reasoning_content), or null
 * @param level            the number of question positions
 * @param regions          {@link ThinkRule}'s layout of {@code content}
 * @param restText         REST's reasoning-stripped answer text (unclosed reasoning kept, as REST keeps it)
 * @param readableEnd      where unclosed reasoning starts in {@code restText} ({@code restText.length()} when none)
 * @param restGroups       REST's positional groups in {@code restText}
 * @param boxes            well-formed boxes (and, for choice, ANSWER lines) in {@code restText[0, readableEnd)}
 * @param labels           label-aware question labels there, every number (also those beyond the level)
 * @param lengthCut        finish_reason "length"
 * @param unclosedThink    the output ends inside {@code <think>}
 * @param endsInRepetition the output's last words repeat the same n-grams over and over (endless repetition)
 * @param cuts             token attribution's cut points, in reading order (reasoning field first, then content)
 * @param reasoningAnswers per position (index 0 = question 1), the last answer the reasoning stated for it, or null
 * @param unboxedAnswers   per position, an answer the final answer part states for it without any box
 *                         ("Q2: the answer is 7."), or null
 */
public record ParsedOutput(
        String content,
        String reasoningField,
        int level,
        List<Region> regions,
        String restText,
        int readableEnd,
        List<RestGroup> restGroups,
        List<AnswerMarks.Box> boxes,
        List<AnswerMarks.Label> labels,
        boolean lengthCut,
        boolean unclosedThink,
        boolean endsInRepetition,
        List<AttributionCut> cuts,
        List<String> reasoningAnswers,
        List<String> unboxedAnswers) {

    /** Cut at the token limit, or inside its reasoning. */
    public boolean truncated() {
        return lengthCut || unclosedThink;
    }

    /** The answer text the label-aware reading reads: REST's text up to any unclosed reasoning. */
    public String readable() {
        return restText.substring(0, readableEnd);
    }

    /** Whether any reasoning text is present (separate field, or {@code <think>} regions in the content). */
    public boolean hasReasoningText() {
        return reasoningField != null && !reasoningField.isEmpty()
                || regions.stream().anyMatch(r -> r.reasoning() && r.end() > r.start());
    }

    /** The text a cut covers. */
    public String text(AttributionCut cut) {
        String s = cut.source() == AttributionCut.Source.CONTENT ? content : reasoningField;
        return s.substring(cut.start(), cut.end());
    }
}
