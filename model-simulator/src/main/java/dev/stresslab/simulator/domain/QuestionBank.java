package dev.stresslab.simulator.domain;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Question text → gold answer. Keys are whitespace-normalised (runs of whitespace collapsed, ends trimmed) so the
 * "\n\n" separators of REST's templates and AIME24's leading/trailing newlines do not matter. The first question with a
 * given text wins.
 */
public final class QuestionBank {
    private final Map<String, KnownQuestion> byText = new HashMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    public static QuestionBank of(Collection<KnownQuestion> questions) {
        QuestionBank bank = new QuestionBank();
        questions.forEach(bank::add);
        return bank;
    }

    public void add(KnownQuestion q) {
        String key = normalize(q.text());
        if (!key.isEmpty() && byText.putIfAbsent(key, q) == null) {
            counts.merge(q.benchmark(), 1, Integer::sum);
        }
    }

    /**
     * Finds a question by its text. When the exact (normalised) text is unknown, the longest known question that the
     * text starts with is taken, so trailing template text (a chat template's end-of-turn marker) does not hide it.
     */
    public Optional<KnownQuestion> find(String text) {
        String key = normalize(text);
        KnownQuestion exact = byText.get(key);
        if (exact != null || key.isEmpty()) {
            return Optional.ofNullable(exact);
        }
        String best = null;
        for (String known : byText.keySet()) {
            if (key.startsWith(known) && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? Optional.empty() : Optional.of(byText.get(best));
    }

    public int size() {
        return byText.size();
    }

    /** Distinct questions per benchmark. */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public List<String> benchmarks() {
        return List.copyOf(counts.keySet());
    }

    static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
