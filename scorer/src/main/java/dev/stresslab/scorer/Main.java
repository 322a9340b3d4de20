package dev.stresslab.scorer;

import dev.stresslab.scorer.cli.ScorerCommands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * Starts the service, or, when the first argument names a command ({@code split}, {@code grade},
 * {@code bench-grading}), runs that pure command over stdio without starting Kafka or HTTP.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && ScorerCommands.NAMES.contains(args[0])) {
            System.exit(ScorerCommands.run(args[0], Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
