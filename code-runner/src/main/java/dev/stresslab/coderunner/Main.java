package dev.stresslab.coderunner;

import dev.stresslab.coderunner.cli.CodeBench;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/** Starts the service, or with {@code bench-code} measures the sandbox without starting Kafka or HTTP. */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals(CodeBench.NAME)) {
            System.exit(CodeBench.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
