package dev.stresslab.contracts.text;

/**
 * REST's multiple-choice (GPQA) stress prompt around its questions block ({@code align_prompt} in
 * {@code stress_test_gpqa_llmextract_gen.py}, opendatalab/REST), written once: the composer builds it, the scorer's
 * LLM extractor takes the questions block back out of it. The doubled braces are what REST really sends (its
 * formatter never undoes the escape).
 */
public final class RestChoicePrompt {
    public static final String HEAD = "Answer the following multiple choice question one by one. Remember to give each "
            + "answer in the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";
    public static final String TAIL = "Answer the above multiple choice question one by one. Remember to give each "
            + "answer in the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";

    private RestChoicePrompt() {
    }

    /** The user message for a questions block ("Q1: …\n\n" per question, as REST's {@code merge_gpqa} builds it). */
    public static String message(String questionsBlock) {
        return HEAD + "\n\n" + questionsBlock + "\n\n" + TAIL;
    }

    /** The questions block of a user message {@link #message} built; a message of another shape is returned whole. */
    public static String questionsBlock(String message) {
        String head = HEAD + "\n\n";
        String tail = "\n\n" + TAIL;
        if (message.startsWith(head) && message.endsWith(tail) && message.length() >= head.length() + tail.length()) {
            return message.substring(head.length(), message.length() - tail.length());
        }
        return message;
    }
}
