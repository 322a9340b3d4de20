package dev.stresslab.simulator.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.text.PromptQuestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Turns a prompt into a simulated reasoning-model output: decides per question whether it is answered right, wrong or
 * omitted, how many reasoning tokens it gets, lays reasoning then answers out as an R1-style model does, and cuts the
 * output at the token limit.
 * <p>
 * Texts are compact: each question's reasoning is a short paragraph carrying a marker
 * {@code [... N reasoning tokens ...]}; usage reports the realistic N, not the size of the text. The answer part is
 * real text ("Answer to Qj: ... \boxed{x}") and is counted at about four characters per token.
 */
public final class ReasoningSimulator {
    private static final String[] OPENERS = {
            "Let me work through this carefully.", "First, restate what is asked.", "Okay, let's set up the problem.",
            "Let me think about what is given.", "I need to be careful here."};
    private static final String[] CLOSERS = {
            "Let me double-check the computation.", "That seems consistent.", "Verifying once more, it holds.",
            "Re-reading the question, yes."};
    private static final String[] WORDS = {
            "so", "the", "value", "then", "we", "get", "check", "sum", "each", "term", "multiply", "carry", "compare",
            "total", "case", "wait", "now", "hence", "step", "count", "equation", "substitute", "simplify", "both",
            "sides", "remaining", "ratio", "part", "and", "which", "gives", "means", "first", "next", "again"};

    /** Tokens of a paragraph's fixed sentences (opener, marker, closer), about what cl100k counts for them. */
    static final int FIXED_TOKENS = 30;
    /** Tokens of the label-like variable and the self-check box sentences. */
    static final int CONFOUNDER_TOKENS = 30;

    private final QuestionBank bank;
    private final int fillerWords;
    private final TextOptions text;

    /** @param fillerWords words of filler per question paragraph (compact text; token counts are reported separately) */
    public ReasoningSimulator(QuestionBank bank, int fillerWords) {
        this(bank, fillerWords, TextOptions.COMPACT);
    }

    /** @param text how the reasoning text is written ({@link TextOptions}) */
    public ReasoningSimulator(QuestionBank bank, int fillerWords, TextOptions text) {
        this.bank = bank;
        this.fillerWords = Math.max(0, fillerWords);
        this.text = text;
    }

    public QuestionBank bank() {
        return bank;
    }

    private record Plan(int position, Optional<KnownQuestion> known, boolean correct, boolean omitted, String answer,
                        int tokens, SplittableRandom textRnd) {
    }

    /** One stretch of reasoning: a question's work ({@code plan} set) or text of no question (preamble, recap). */
    private record Part(Plan plan, int tokens, String fixedText) {
    }

    /**
     * @param prompt    the text holding the questions (the user message, or the raw completion prompt)
     * @param seed      the request seed ({@link Seeds#requestSeed})
     * @param choice    choice index (requests with {@code n > 1} get independent choices)
     * @param maxTokens output limit; the output is cut there with finish reason "length"
     */
    public SimulatedCompletion simulate(ModelProfile profile, OutputStyle style, String prompt, long seed, int choice,
                                        int maxTokens) {
        List<String> segments = PromptQuestions.questions(prompt);
        if (segments.isEmpty()) {
            segments = List.of(prompt);
        }
        int level = segments.size();
        List<Plan> plans = new ArrayList<>(level);
        for (int j = 1; j <= level; j++) {
            plans.add(plan(profile, segments.get(j - 1), level, j, seed, choice));
        }

        // The order the questions are worked and answered in: as asked, or with two neighbours swapped.
        List<Plan> order = new ArrayList<>(plans);
        if (text.confounders() && level >= 2) {
            SplittableRandom orderRnd = Seeds.stream(seed, choice, 0, "order");
            if (orderRnd.nextDouble() < TextOptions.SWAP_PROBABILITY) {
                int i = orderRnd.nextInt(level - 1);
                order.set(i, plans.get(i + 1));
                order.set(i + 1, plans.get(i));
            }
        }

        // Answer part: one section per question that was not omitted.
        List<String> sections = new ArrayList<>();
        List<Plan> answeredPlans = new ArrayList<>();
        for (Plan p : order) {
            if (!p.omitted()) {
                sections.add(section(p));
                answeredPlans.add(p);
            }
        }
        String answerText = String.join("\n\n", sections);

        List<Part> parts = new ArrayList<>();
        if (text.confounders() && level >= 2) {
            SplittableRandom r = Seeds.stream(seed, choice, 0, "preamble");
            parts.add(new Part(null, 30 + r.nextInt(60), "Okay, there are " + level
                    + " questions here. I will work through them one by one and keep each answer short."));
        }
        for (Plan p : order) {
            if (!p.omitted() && p.tokens() > 0) {
                parts.add(new Part(p, p.tokens(), null));
            }
        }
        if (text.confounders() && level >= 2 && !answeredPlans.isEmpty()) {
            StringBuilder recap = new StringBuilder("To summarize:");
            for (Plan p : answeredPlans) {
                recap.append(" Q").append(p.position()).append(" is ").append(p.answer()).append('.');
            }
            // about what cl100k counts for it: "To summarize:" and about six per "Q3 is 12."
            parts.add(new Part(null, 3 + 6 * answeredPlans.size(), recap.toString()));
        }

        long totalReasoning = parts.stream().mapToLong(Part::tokens).sum();
        int answerTokens = TokenEstimate.of(answerText);

        StringBuilder reasoning = new StringBuilder();
        int[] spent = new int[level];
        int unattributed = 0;
        boolean cutInReasoning = totalReasoning > maxTokens || (totalReasoning == maxTokens && answerTokens > 0);
        int reasoningTokens;
        int left = cutInReasoning ? maxTokens : Integer.MAX_VALUE;
        for (Part part : parts) {
            boolean complete = part.tokens() < left || !cutInReasoning;
            int tokens = complete ? part.tokens() : left;
            if (part.plan() == null) {
                reasoning.append(filler(part.fixedText(), tokens, Seeds.stream(seed, choice, 0, "filler-" + parts.indexOf(part))))
                        .append("\n\n");
                unattributed += tokens;
            } else {
                reasoning.append(paragraph(part.plan(), tokens, complete, level));
                spent[part.plan().position() - 1] = tokens;
            }
            if (!complete) {
                break;
            }
            left -= tokens;
        }
        reasoningTokens = cutInReasoning ? maxTokens : (int) totalReasoning;
        String reasoningText = reasoning.toString().stripTrailing();

        FinishReason finish;
        String emittedAnswer;
        if (cutInReasoning) {
            finish = FinishReason.LENGTH;
            emittedAnswer = null;
        } else if (reasoningTokens + answerTokens > maxTokens) {
            finish = FinishReason.LENGTH;
            int chars = (maxTokens - reasoningTokens) * TokenEstimate.CHARS_PER_TOKEN;
            emittedAnswer = answerText.substring(0, Math.min(answerText.length(), Math.max(0, chars)));
        } else {
            finish = FinishReason.STOP;
            emittedAnswer = answerText;
        }
        int completionTokens = Math.min(maxTokens, reasoningTokens + TokenEstimate.of(emittedAnswer));

        List<QuestionOutcome> outcomes = new ArrayList<>(level);
        int[] sectionEnd = new int[level + 1]; // by position, in the order the sections were written
        int offset = 0;
        for (int i = 0; i < answeredPlans.size(); i++) {
            sectionEnd[answeredPlans.get(i).position()] = offset + sections.get(i).length();
            offset = sectionEnd[answeredPlans.get(i).position()] + 2;
        }
        for (Plan p : plans) {
            boolean answered = !p.omitted() && emittedAnswer != null && emittedAnswer.length() >= sectionEnd[p.position()];
            outcomes.add(new QuestionOutcome(p.position(), p.known().isPresent(), p.correct(), p.omitted(), answered,
                    p.answer(), p.known().map(KnownQuestion::gold).orElse(null), spent[p.position() - 1]));
        }

        String reasoningField = null;
        String content;
        switch (style) {
            case REASONING_CONTENT -> {
                reasoningField = reasoningText.isEmpty() ? null : reasoningText;
                content = emittedAnswer;
            }
            case THINK_TAGS -> content = "<think>\n" + reasoningText
                    + (emittedAnswer == null ? "" : "\n</think>\n\n" + emittedAnswer);
            case THINK_CLOSE_ONLY -> content = reasoningText
                    + (emittedAnswer == null ? "" : "\n</think>\n\n" + emittedAnswer);
            case HIDDEN -> content = emittedAnswer == null ? "" : emittedAnswer;
            default -> throw new IllegalStateException("unexpected style " + style);
        }
        return new SimulatedCompletion(reasoningField, content, finish, reasoningTokens, completionTokens,
                List.copyOf(outcomes), unattributed);
    }

    private Plan plan(ModelProfile profile, String segment, int level, int position, long seed, int choice) {
        Optional<KnownQuestion> known = bank.find(segment);
        boolean omitted = Seeds.stream(seed, choice, position, "omit").nextDouble()
                < profile.omissionProbability(level, position);
        boolean correct;
        String answer;
        SplittableRandom answerRnd = Seeds.stream(seed, choice, position, "answer");
        if (known.isPresent()) {
            correct = answerRnd.nextDouble() < profile.accuracy(level, position);
            KnownQuestion q = known.get();
            answer = correct ? q.gold().strip() : AnswerPolicy.wrongAnswer(q.gold(), q.kind(), answerRnd);
        } else {
            correct = false;
            answer = AnswerPolicy.unknownAnswer(answerRnd);
        }
        int tokens = 0;
        if (!omitted) {
            SplittableRandom tokenRnd = Seeds.stream(seed, choice, position, "tokens");
            double jitter = 1 + profile.tokenJitter() * (2 * tokenRnd.nextDouble() - 1);
            tokens = (int) Math.max(profile.reasoningTokens() == 0 ? 0 : 16,
                    Math.round(profile.expectedReasoningTokens(level, position, correct) * jitter));
        }
        return new Plan(position, known, correct, omitted, answer, tokens, Seeds.stream(seed, choice, position, "text"));
    }

    private static String section(Plan p) {
        if (p.known().map(k -> k.kind() == AnswerKind.CODE).orElse(false)) {
            return CodeAnswers.section(p.position(), p.answer());
        }
        boolean choice = p.known().map(k -> k.kind() == AnswerKind.CHOICE).orElse(false);
        return "Answer to Q" + p.position() + ": "
                + (choice ? "ANSWER: \\boxed{" + p.answer() + "}" : "The final answer is \\boxed{" + p.answer() + "}.");
    }

    /** Text of no question: {@code fixed}, padded with filler up to about {@code tokens} words when proportional. */
    private String filler(String fixed, int tokens, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(fixed);
        int words = text.proportional() ? Math.max(0, tokens - TokenEstimate.of(fixed)) : 0;
        for (int i = 0; i < words; i++) {
            sb.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /**
     * One question's work. Compact: a fixed number of filler words and a marker with the token count. Proportional:
     * about one filler word per token (the fixed sentences take about {@link #FIXED_TOKENS} of them). With
     * confounders: a variable named like another question's label and a self-check box in the middle.
     */
    private String paragraph(Plan p, int tokens, boolean complete, int level) {
        SplittableRandom rnd = p.textRnd().split();
        StringBuilder sb = new StringBuilder();
        sb.append("Q").append(p.position()).append(". ").append(OPENERS[rnd.nextInt(OPENERS.length)]);
        int words;
        if (text.proportional()) {
            words = Math.max(0, tokens - FIXED_TOKENS - (text.confounders() ? CONFOUNDER_TOKENS : 0));
        } else {
            words = complete ? fillerWords : fillerWords / 2;
        }
        int confounderAt = text.confounders() && level >= 2 ? words / 2 : -1;
        for (int i = 0; i < words; i++) {
            if (i == confounderAt) {
                int other = p.position() % level + 1;
                sb.append(" Let q").append(other).append(" denote the other root, so q").append(other)
                        .append(" is positive. Tentatively \\boxed{").append(p.answer()).append("}, let me verify that.");
            }
            sb.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        sb.append(" [... ").append(tokens).append(" reasoning tokens ...] ");
        if (complete) {
            sb.append(CLOSERS[rnd.nextInt(CLOSERS.length)]).append(" So the answer to Q").append(p.position())
                    .append(" is ").append(p.answer()).append(".\n\n");
        } else {
            sb.append("Hmm, wait, let me reconsider");
        }
        return sb.toString();
    }
}
