package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.benchmarks.Question;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which questions of a benchmark a run uses: all of them, the first N in file order, or explicit ids (in the order
 * given, duplicates dropped). Grouping then works over the subset as if it were the whole benchmark.
 */
public sealed interface QuestionSubset {

    List<Question> select(Benchmark benchmark);

    static QuestionSubset all() {
        return new All();
    }

    static QuestionSubset first(int n) {
        return new First(n);
    }

    static QuestionSubset ids(List<String> ids) {
        return new Ids(List.copyOf(new LinkedHashSet<>(ids)));
    }

    record All() implements QuestionSubset {
        @Override
        public List<Question> select(Benchmark benchmark) {
            return benchmark.questions();
        }
    }

    /** The first {@code n} questions (all of them when the benchmark has fewer). */
    record First(int n) implements QuestionSubset {
        public First {
            if (n < 1) {
                throw new InvalidRunException("a question limit must be at least 1, was " + n, "limit");
            }
        }

        @Override
        public List<Question> select(Benchmark benchmark) {
            List<Question> qs = benchmark.questions();
            return qs.subList(0, Math.min(n, qs.size()));
        }
    }

    record Ids(List<String> ids) implements QuestionSubset {
        public Ids {
            if (ids.isEmpty()) {
                throw new InvalidRunException("no question ids given", "questionIds");
            }
        }

        @Override
        public List<Question> select(Benchmark benchmark) {
            Map<String, Question> byId = new HashMap<>();
            benchmark.questions().forEach(q -> byId.put(q.id(), q));
            List<Question> out = new ArrayList<>(ids.size());
            List<String> unknown = new ArrayList<>();
            for (String id : ids) {
                Question q = byId.get(id);
                if (q == null) {
                    unknown.add(id);
                } else {
                    out.add(q);
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidRunException("unknown question ids in " + benchmark.name() + ": " + unknown, "questionIds");
            }
            return List.copyOf(out);
        }
    }
}
