package dev.stresslab.composer;

import dev.stresslab.composer.cli.PromptsCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * Starts the service, or, when the first argument names a command ({@code prompts}), runs that pure command over
 * files and stdio without starting Kafka or HTTP.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && PromptsCommand.NAME.equals(args[0])) {
            System.exit(PromptsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
