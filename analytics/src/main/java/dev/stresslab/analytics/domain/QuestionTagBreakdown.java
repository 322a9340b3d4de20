package dev.stresslab.analytics.domain;

import dev.stresslab.analytics.domain.ClusteredEstimate.Estimate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy by the dataset's question tags, per stress level: MATH500's subject and MATH difficulty level (the REST
 * paper's App. F). Each group holds the slots of the questions with that tag; its accuracy at a level and its Stress
 * (the unweighted mean over the levels above 1, as the headline's) carry the two-way clustered interval of
 * {@link ClusteredEstimate}, computed on the group's slots (the question and the output are still the clusters; an
 * output contributes only its slots of the group). Only where the benchmark has the tags: null when no question of the
 * run has one. Pure.
 *
 * @param subjects         one group per subject, alphabetical
 * @param difficultyLevels one group per difficulty level, ascending ("1" … "5" for MATH)
 * @param untaggedSlots    slots whose question has neither tag (left out of both breakdowns)
 */
public record QuestionTagBreakdown(List<Group> subjects, List<Group> difficultyLevels, long untaggedSlots) {

    /** A question's dataset tags; either may be null. */
    public record QuestionTags(String subject, Integer difficultyLevel) {
    }

    /** One tag value's questions: accuracy per stress level and their Stress, intervals clustered. */
    public record Group(String tag, long questions, List<LevelAccuracy> levels, Estimate stress) {
    }

    /** Accuracy (percent) of a group's slots at one stress level, interval cut to [0, 100]. */
    public record LevelAccuracy(int level, long slots, long correct, Estimate accuracy) {
    }

    /** @param tags per question id; a question missing from the map has no tags */
    public static QuestionTagBreakdown of(List<Slot> slots, Map<String, QuestionTags> tags) {
        Accumulator a = new Accumulator();
        slots.forEach(s -> a.add(s, tags.get(s.questionId())));
        return a.finish();
    }

    /**
     * {@link #of}, folded slot by slot: one count builder per tag value, fed the slots of its questions; a tag value
     * no slot was added to since keeps its finished group (a running run's new results touch a few of them).
     */
    public static final class Accumulator {
        private static final class Tagged {
            final ClusteredEstimate.RunCounts.Builder counts = new ClusteredEstimate.RunCounts.Builder();
            Group group; // null when slots were added since it was finished
        }

        private final Map<String, Tagged> subjects = new TreeMap<>();
        private final Map<String, Tagged> difficultyLevels = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
        private long untagged;

        /** @param tags the slot's question's tags, null when it has none */
        public void add(Slot s, QuestionTags tags) {
            if (tags == null || (tags.subject() == null && tags.difficultyLevel() == null)) {
                untagged++;
                return;
            }
            if (tags.subject() != null) {
                add(subjects.computeIfAbsent(tags.subject(), k -> new Tagged()), s);
            }
            if (tags.difficultyLevel() != null) {
                add(difficultyLevels.computeIfAbsent(tags.difficultyLevel().toString(), k -> new Tagged()), s);
            }
        }

        private static void add(Tagged t, Slot s) {
            t.counts.add(s);
            t.group = null;
        }

        /** See {@link ClusteredEstimate.RunCounts.Builder#closeOutputs}. */
        public void closeOutputs() {
            subjects.values().forEach(t -> t.counts.closeOutputs());
            difficultyLevels.values().forEach(t -> t.counts.closeOutputs());
        }

        void write(FoldState.Writer w) {
            write(w, subjects);
            write(w, difficultyLevels);
            w.writeLong(untagged);
        }

        private static void write(FoldState.Writer w, Map<String, Tagged> byTag) {
            w.varLong(byTag.size());
            for (Map.Entry<String, Tagged> e : byTag.entrySet()) {
                w.string(e.getKey());
                e.getValue().counts.write(w);
            }
        }

        void read(FoldState.Reader r) throws IOException {
            read(r, subjects);
            read(r, difficultyLevels);
            untagged = r.readLong();
        }

        private static void read(FoldState.Reader r, Map<String, Tagged> byTag) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                String tag = r.string();
                Tagged t = new Tagged();
                t.counts.read(r);
                byTag.put(tag, t);
            }
        }

        /** Null when no slot's question had a tag. */
        public QuestionTagBreakdown finish() {
            if (subjects.isEmpty() && difficultyLevels.isEmpty()) {
                return null;
            }
            return new QuestionTagBreakdown(groups(subjects), groups(difficultyLevels), untagged);
        }

        private static List<Group> groups(Map<String, Tagged> byTag) {
            List<Group> out = new ArrayList<>();
            byTag.forEach((tag, t) -> {
                if (t.group == null) {
                    t.group = group(tag, t.counts.build());
                }
                out.add(t.group);
            });
            return out;
        }
    }

    private static Group group(String tag, ClusteredEstimate.RunCounts counts) {
        List<LevelAccuracy> levels = new ArrayList<>();
        for (int i = 0; i < counts.levels.length; i++) {
            int level = counts.levels[i];
            levels.add(new LevelAccuracy(level, counts.slots[i], counts.correct[i],
                    accuracy(ClusteredEstimate.of(counts, ClusteredEstimate.level(level)))));
        }
        return new Group(tag, counts.questions.size(), levels, accuracy(ClusteredEstimate.of(counts, ClusteredEstimate.STRESS)));
    }

    private static Estimate accuracy(Estimate e) {
        return e == null ? null : Headline.clip(e.rounded());
    }
}
