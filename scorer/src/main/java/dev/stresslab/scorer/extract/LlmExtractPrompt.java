package dev.stresslab.scorer.extract;

import dev.stresslab.contracts.text.RestChoicePrompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * REST's GPQA extraction prompt, byte for byte: {@code PROMPT_TEMPLATE} of
 * {@code opencompass/configs/datasets/stress_test/stress_test_gpqa_llmextract_gen.py} (opendatalab/REST, commit
 * 12c6bf31f243854d23c544e6916b86e425b2a78a), as Python evaluates the literal and {@code .strip()}s it, kept in
 * {@code rest/gpqa-llm-extract-prompt.txt}. {@code LlmExtractPromptTest} compares it with the committed source file.
 *
 * <p>Filled as OpenCompass fills it ({@code safe_format} in {@code opencompass/utils/prompt.py}): each
 * {@code {key}} is replaced by plain string replacement, {@code question} first, then {@code prediction}; the doubled
 * braces of the few-shot example ({@code \boxed{{B}}}) are NOT undone, so the extractor sees them doubled, as REST's
 * did. {@code question} is the questions block of the stress prompt ({@code merge_gpqa}'s "Q1: …\n\n" per question),
 * {@code prediction} the output with its reasoning removed ({@code extract_non_reasoning_content}).
 */
public final class LlmExtractPrompt {
    /** REST's verifier settings ({@code verifier_cfg}): temperature 0.001, at most 128 new tokens. */
    public static final double TEMPERATURE = 0.001;
    public static final int MAX_TOKENS = 128;
    static final String RESOURCE = "/rest/gpqa-llm-extract-prompt.txt";
    private static final String TEMPLATE = load();

    private LlmExtractPrompt() {
    }

    /** The template, unfilled. */
    public static String template() {
        return TEMPLATE;
    }

    /** The prompt REST's extractor is sent for one output. */
    public static String build(String questions, String prediction) {
        return TEMPLATE.replace("{question}", questions).replace("{prediction}", prediction);
    }

    /**
     * The questions block of a GPQA stress prompt (REST's {@code {question}}): the user message without the
     * instruction before and after it ({@link RestChoicePrompt}). A message of another shape is returned whole.
     */
    public static String questionsBlock(String userMessage) {
        return RestChoicePrompt.questionsBlock(userMessage);
    }

    private static String load() {
        try (InputStream in = LlmExtractPrompt.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
