package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** Renders a run report as a plain-text table, like the paper's rows. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static String progress(JsonNode r) {
        return String.format("  %-9s composed %d · completed %d (scored %d, failed %d)", r.path("status").asText(),
                r.path("composed").asLong(), r.path("completed").asLong(), r.path("scored").asLong(), r.path("failed").asLong());
    }

    static void print(JsonNode r, PrintStream out) {
        out.printf("%nRun %s · model %s · benchmark %s · %s%n", r.path("runId").asText(), r.path("modelId").asText(),
                r.path("benchmark").asText(), r.path("status").asText());
        out.printf("prompts composed %d, completed %d: scored %d, failed %d%n", r.path("composed").asLong(),
                r.path("completed").asLong(), r.path("scored").asLong(), r.path("failed").asLong());
        out.printf("%n%-6s %8s %7s %10s %7s %8s %9s %17s %11s%n", "level", "prompts", "failed", "truncated", "slots",
                "correct", "accuracy", "95% CI", "drop vs L1");
        for (JsonNode l : r.path("levels")) {
            String drop = l.path("dropFromLevel1").isNull() || l.path("dropFromLevel1").isMissingNode()
                    ? "-" : String.format("%+.2f pt", -l.path("dropFromLevel1").asDouble());
            out.printf("%-6d %8d %7d %10d %7d %8d %8.2f%% %17s %11s%n", l.path("level").asInt(), l.path("prompts").asLong(),
                    l.path("failedPrompts").asLong(), l.path("truncatedPrompts").asLong(), l.path("slots").asLong(),
                    l.path("correct").asLong(), l.path("accuracy").asDouble(),
                    String.format("[%.1f, %.1f]", l.path("ciLow").asDouble(), l.path("ciHigh").asDouble()), drop);
        }
    }
}
