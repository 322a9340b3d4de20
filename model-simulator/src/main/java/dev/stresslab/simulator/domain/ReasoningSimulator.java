package dev.stresslab.simulator.domain;

import dev.stresslab.contracts.AnswerKind;

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

    private final QuestionBank bank;
    private final int fillerWords;

    /** @param fillerWords words of filler per question paragraph (compact text; token counts are reported separately) */
    public ReasoningSimulator(QuestionBank bank, int fillerWords) {
        this.bank = bank;
        this.fillerWords = Math.max(0, fillerWords);
    }

    public QuestionBank bank() {
        return bank;
    }

    private record Plan(int position, Optional<KnownQuestion> known, boolean correct, boolean omitted, String answer,
                        int tokens, SplittableRandom textRnd) {
    }

    /**
     * @param prompt    the text holding the questions (the user message, or the raw completion prompt)
     * @param seed      the request seed ({@link Seeds#requestSeed})
     * @param choice    choice index (requests with {@code n > 1} get independent choices)
     * @param maxTokens output limit; the output is cut there with finish reason "length"
     */
    public SimulatedCompletion simulate(ModelProfile profile, OutputStyle style, String prompt, long seed, int choice,
                                        int maxTokens) {
        List<String> segments = PromptParser.questions(prompt);
        if (segments.isEmpty()) {
            segments = List.of(prompt);
        }
        int level = segments.size();
        List<Plan> plans = new ArrayList<>(level);
        for (int j = 1; j <= level; j++) {
            plans.add(plan(profile, segments.get(j - 1), level, j, seed, choice));
        }

        // Answer part: one section per question that was not omitted.
        List<String> sections = new ArrayList<>();
        List<Plan> answeredPlans = new ArrayList<>();
        for (Plan p : plans) {
            if (!p.omitted()) {
                sections.add(section(p));
                answeredPlans.add(p);
            }
        }
        String answerText = String.join("\n\n", sections);

        long totalReasoning = plans.stream().mapToLong(Plan::tokens).sum();
        int answerTokens = TokenEstimate.of(answerText);

        StringBuilder reasoning = new StringBuilder();
        int[] spent = new int[level];
        boolean cutInReasoning = totalReasoning > maxTokens || (totalReasoning == maxTokens && answerTokens > 0);
        int reasoningTokens;
        if (cutInReasoning) {
            int left = maxTokens;
            for (Plan p : plans) {
                if (p.omitted() || p.tokens() == 0) {
                    continue;
                }
                if (p.tokens() < left) {
                    reasoning.append(paragraph(p, p.tokens(), true));
                    spent[p.position() - 1] = p.tokens();
                    left -= p.tokens();
                } else {
                    reasoning.append(paragraph(p, left, false));
                    spent[p.position() - 1] = left;
                    left = 0;
                    break;
                }
            }
            reasoningTokens = maxTokens;
        } else {
            for (Plan p : plans) {
                if (!p.omitted() && p.tokens() > 0) {
                    reasoning.append(paragraph(p, p.tokens(), true));
                    spent[p.position() - 1] = p.tokens();
                }
            }
            reasoningTokens = (int) totalReasoning;
        }
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
        int offset = 0;
        for (Plan p : plans) {
            boolean answered = false;
            if (!p.omitted()) {
                int idx = answeredPlans.indexOf(p);
                int end = offset + sections.get(idx).length();
                answered = emittedAnswer != null && emittedAnswer.length() >= end;
                offset = end + 2;
            }
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
                List.copyOf(outcomes));
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

    private String paragraph(Plan p, int tokens, boolean complete) {
        SplittableRandom rnd = p.textRnd().split();
        StringBuilder sb = new StringBuilder();
        sb.append("Q").append(p.position()).append(". ").append(OPENERS[rnd.nextInt(OPENERS.length)]);
        int words = complete ? fillerWords : fillerWords / 2;
        for (int i = 0; i < words; i++) {
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
