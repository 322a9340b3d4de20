package dev.stresslab.simulator.domain;

/**
 * How the simulator writes its reasoning text.
 *
 * @param proportional each part of the reasoning is about as many words as the tokens it reports (so a token
 *                     attribution over the text can be checked against {@link QuestionOutcome#reasoningTokens()});
 *                     otherwise the text is compact and only usage carries realistic counts
 * @param confounders  the reasoning carries what fools a naive reader: a preamble and a closing recap (tokens of no
 *                     question), variables named like labels ({@code q2}), self-check boxes inside a question's
 *                     work, and sometimes two questions worked and answered out of order
 */
public record TextOptions(boolean proportional, boolean confounders) {
    public static final TextOptions COMPACT = new TextOptions(false, false);
    /** The setting the attribution check uses: realistic sizes and every confounder. */
    public static final TextOptions REALISTIC = new TextOptions(true, true);
    /** Probability that a prompt of two or more questions has two neighbours worked and answered swapped. */
    public static final double SWAP_PROBABILITY = 0.3;
}
