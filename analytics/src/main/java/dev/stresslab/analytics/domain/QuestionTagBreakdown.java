package dev.stresslab.analytics.domain;

import dev.stresslab.analytics.domain.ClusteredEstimate.Estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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
        if (tags.values().stream().noneMatch(t -> t.subject() != null || t.difficultyLevel() != null)) {
            return null;
        }
        long untagged = slots.stream().filter(s -> {
            QuestionTags t = tags.get(s.questionId());
            return t == null || (t.subject() == null && t.difficultyLevel() == null);
        }).count();
        return new QuestionTagBreakdown(
                groups(slots, tags, QuestionTags::subject, Comparator.naturalOrder()),
                groups(slots, tags, t -> t.difficultyLevel() == null ? null : t.difficultyLevel().toString(),
                        Comparator.comparingInt(Integer::parseInt)),
                untagged);
    }

    private static List<Group> groups(List<Slot> slots, Map<String, QuestionTags> tags,
                                      Function<QuestionTags, String> tagOf, Comparator<String> order) {
        Map<String, List<Slot>> byTag = new TreeMap<>(order);
        for (Slot s : slots) {
            QuestionTags t = tags.get(s.questionId());
            String tag = t == null ? null : tagOf.apply(t);
            if (tag != null) {
                byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(s);
            }
        }
        List<Group> out = new ArrayList<>();
        byTag.forEach((tag, group) -> out.add(group(tag, group)));
        return out;
    }

    private static Group group(String tag, List<Slot> slots) {
        ClusteredEstimate.RunCounts counts = ClusteredEstimate.RunCounts.of(slots);
        Map<Integer, long[]> byLevel = new TreeMap<>();
        Set<String> questions = new HashSet<>();
        for (Slot s : slots) {
            long[] c = byLevel.computeIfAbsent(s.level(), l -> new long[2]);
            c[0]++;
            c[1] += s.correct() ? 1 : 0;
            questions.add(s.questionId());
        }
        List<LevelAccuracy> levels = new ArrayList<>();
        byLevel.forEach((level, c) -> levels.add(new LevelAccuracy(level, c[0], c[1],
                accuracy(ClusteredEstimate.of(counts, ClusteredEstimate.level(level))))));
        return new Group(tag, questions.size(), levels, accuracy(ClusteredEstimate.of(counts, ClusteredEstimate.STRESS)));
    }

    private static Estimate accuracy(Estimate e) {
        return e == null ? null : Headline.clip(e.rounded());
    }
}
