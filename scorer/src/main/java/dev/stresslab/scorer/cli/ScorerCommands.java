package dev.stresslab.scorer.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Set;

/** The scorer's pure cores as JSONL commands: {@code split}, {@code grade}, {@code bench-grading}. */
public final class ScorerCommands {
    public static final Set<String> NAMES = Set.of("split", "grade", "bench-grading");

    private ScorerCommands() {
    }

    public static int run(String name, String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println(name + ": not implemented yet");
        return 2;
    }
}
