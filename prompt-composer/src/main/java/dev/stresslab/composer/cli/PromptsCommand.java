package dev.stresslab.composer.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** {@code prompts}: writes every stress prompt of a benchmark file and stress levels as JSONL. */
public final class PromptsCommand {
    public static final String NAME = "prompts";

    private PromptsCommand() {
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("prompts: not implemented yet");
        return 2;
    }
}
