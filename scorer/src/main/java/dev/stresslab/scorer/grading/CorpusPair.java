package dev.stresslab.scorer.grading;

import dev.stresslab.contracts.AnswerKind;

/**
 * One pair of the differential grading corpus (docs/grading.md, "Measured against Math-Verify"): a gold answer, a
 * prediction (a box's content, or with {@code text} a whole model output read with {@link AnswerExtractor}), the
 * intended verdict, and Math-Verify's verdict under REST's call (null when not run) with the reason when they differ.
 *
 * @param category   {@code identical}, {@code equivalent}, {@code near-miss} or {@code peer}
 * @param family     the rewrite or near miss that made the prediction, or the peer grader it comes from
 */
public record CorpusPair(String source, String category, String family, String gold, String prediction, boolean text,
                         boolean label, Boolean mathVerify, String reason) {

    /** The answer our side grades: the prediction itself, or what {@link AnswerExtractor} reads from the text. */
    public String answer() {
        return text ? AnswerExtractor.extract(prediction) : prediction;
    }

    /** Our verdict, on the same path as the scorer's ({@link AnswerGrader#grade}). */
    public boolean ours(AnswerGrader grader) {
        return grader.grade(answer(), gold, AnswerKind.MATH).equal();
    }

    /** The REST-compatible reading: Math-Verify's known quirks applied ({@link RestCompatibleReading}). */
    public boolean restCompatible(AnswerGrader grader) {
        return RestCompatibleReading.verdict(grader, answer(), gold, AnswerKind.MATH);
    }
}
