package dev.stresslab.contracts;

import java.util.List;

/**
 * Code answers to execute (topic stress.code-jobs, key = runId). The scorer publishes one per scored code prompt:
 * {@code partial} is the prompt's score event with every slot not yet passed (split answers, label-aware flags,
 * tokens; {@code questionId} names the problem whose tests apply) and {@code programs} holds the code REST executes
 * for each position ("" when the slot has none). code-runner loads the tests by question id, runs each program and
 * publishes the completed score event to stress.scores. Tests are not carried: they can be megabytes per problem.
 */
public record CodeJob(int schemaVersion, ScoreEvent partial, List<String> programs) {
    public static final int SCHEMA_VERSION = 1;

    public CodeJob {
        programs = List.copyOf(programs);
    }

    public String runId() {
        return partial.runId();
    }

    public String promptId() {
        return partial.promptId();
    }
}
