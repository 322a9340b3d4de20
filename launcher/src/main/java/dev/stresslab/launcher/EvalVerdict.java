package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What {@code ./stress-lab eval} makes of a finished evaluation: the exit code (0 pass, 1 regression, 2 error; an
 * inconclusive verdict exits with the configured code, 2 by default), the table, and the JUnit XML for CI systems.
 */
final class EvalVerdict {
    private EvalVerdict() {
    }

    static int exitCode(JsonNode evaluation, int inconclusiveExit) {
        if (!"DECIDED".equals(evaluation.path("status").asText())) {
            return 2; // ERROR or REFUSED: no verdict
        }
        return switch (evaluation.path("verdict").asText()) {
            case "PASS" -> 0;
            case "REGRESSION" -> 1;
            default -> inconclusiveExit;
        };
    }

    /** The verdict, or the status when there is none. */
    static String outcome(JsonNode evaluation) {
        return evaluation.path("verdict").isTextual() ? evaluation.path("verdict").asText() : evaluation.path("status").asText();
    }

    static void printTable(JsonNode e, PrintStream out) {
        out.printf("%nEvaluation %s · suite %s v%d · endpoint %s · %s%n", e.path("evaluationId").asText(),
                e.path("suite").asText(), e.path("suiteVersion").asInt(), e.path("endpointId").asText(), outcome(e));
        out.printf("%-14s %-18s %-18s %-7s %9s %9s %10s %17s %8s %-12s%n", "benchmark", "run", "baseline run", "metric",
                "baseline", "candidate", "diff (pt)", "95% CI", "p", "verdict");
        for (JsonNode r : e.path("runs")) {
            out.printf(Locale.ROOT, "%-14s %-18s %-18s %-7s %9s %9s %10s %17s %8s %-12s%n", r.path("benchmark").asText(),
                    text(r.path("runId")), text(r.path("baselineRunId")), text(r.path("metric")), num(r.path("base"), "%.2f%%"),
                    num(r.path("candidate"), "%.2f%%"), num(r.path("difference"), "%+.2f"),
                    r.path("ciLow").isNumber() ? String.format(Locale.ROOT, "[%.2f, %.2f]", r.path("ciLow").asDouble(), r.path("ciHigh").asDouble()) : "-",
                    num(r.path("pValue"), "%.4f"), r.path("verdict").isTextual() ? r.path("verdict").asText() : r.path("status").asText());
            for (JsonNode c : r.path("checks")) {
                out.printf(Locale.ROOT, "  level %-3d may fall by %.1f pt: %+.2f [%.2f, %.2f] %s%n", c.path("level").asInt(),
                        c.path("maxDrop").asDouble(), c.path("difference").asDouble(), c.path("ciLow").asDouble(),
                        c.path("ciHigh").asDouble(), c.path("verdict").asText());
            }
            if (r.path("promptsUsed").isNumber()) {
                // sequential mode: the verdict read a prefix of the run; the rest was cancelled or not counted
                out.printf(Locale.ROOT, "  sequential: decided after %d of %d prompts; %s completed, %s cancelled (%s)%n",
                        r.path("promptsUsed").asInt(), r.path("promptCount").asInt(), text(r.path("promptsCompleted")),
                        text(r.path("promptsCancelled")), r.path("status").asText());
            }
        }
        if (e.path("reason").isTextual()) {
            out.println("why: " + e.path("reason").asText());
        }
    }

    /** One test suite, one test case per benchmark: REGRESSION a failure, ERROR an error, INCONCLUSIVE skipped. */
    static String junitXml(JsonNode e) {
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        String suite = e.path("suite").asText();
        for (JsonNode r : e.path("runs")) {
            String verdict = r.path("verdict").isTextual() ? r.path("verdict").asText() : r.path("status").asText();
            String why = xml(r.path("reason").asText(e.path("reason").asText("")));
            cases.append("    <testcase classname=\"stress-lab.").append(xml(suite)).append("\" name=\"")
                    .append(xml(r.path("benchmark").asText())).append(" on ").append(xml(e.path("endpointId").asText())).append("\">");
            switch (verdict) {
                case "PASS" -> { }
                case "REGRESSION" -> {
                    failures++;
                    cases.append("<failure type=\"REGRESSION\" message=\"").append(why).append("\"/>");
                }
                case "INCONCLUSIVE" -> {
                    skipped++;
                    cases.append("<skipped message=\"INCONCLUSIVE: ").append(why).append("\"/>");
                }
                default -> {
                    errors++;
                    cases.append("<error type=\"").append(xml(verdict)).append("\" message=\"").append(why).append("\"/>");
                }
            }
            cases.append("</testcase>\n");
        }
        if (e.path("runs").isEmpty()) {
            errors++;
            cases.append("    <testcase classname=\"stress-lab.").append(xml(suite)).append("\" name=\"").append(xml(suite))
                    .append("\"><error type=\"").append(xml(outcome(e))).append("\" message=\"")
                    .append(xml(e.path("reason").asText(""))).append("\"/></testcase>\n");
        }
        int tests = Math.max(e.path("runs").size(), 1);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"stress-lab eval " + xml(suite)
                + "\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped
                + "\">\n" + cases + "  </testsuite>\n</testsuites>\n";
    }

    private static String text(JsonNode n) {
        return n.isTextual() || n.isNumber() ? n.asText() : "-";
    }

    private static String num(JsonNode n, String format) {
        return n.isNumber() ? String.format(Locale.ROOT, format, n.asDouble()) : "-";
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
