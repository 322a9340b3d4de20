package dev.stresslab.gate.api;

import dev.stresslab.gate.domain.Evaluation;

/** The verdict as one self-contained HTML page (no scripts): the decision, why, and each benchmark's comparison. */
final class VerdictPage {
    private VerdictPage() {
    }

    static String render(Evaluation e) {
        String verdict = e.verdict() == null ? e.status() : e.verdict().name();
        String colour = switch (verdict) {
            case "PASS" -> "#1a7f37";
            case "REGRESSION" -> "#cf222e";
            default -> "#9a6700";
        };
        StringBuilder rows = new StringBuilder();
        for (Evaluation.Run r : e.runs()) {
            rows.append("<tr><td>").append(esc(r.benchmark())).append("</td><td>").append(esc(r.runId()))
                    .append("</td><td>").append(esc(r.baselineRunId())).append("</td><td>").append(esc(r.metric()))
                    .append("</td><td>").append(num(r.base())).append("</td><td>").append(num(r.candidate()))
                    .append("</td><td>").append(num(r.difference())).append("</td><td>[").append(num(r.ciLow()))
                    .append(", ").append(num(r.ciHigh())).append("]</td><td>").append(num(r.pValue()))
                    .append("</td><td>").append(r.verdict() == null ? esc(r.status()) : r.verdict().name())
                    .append("</td><td>").append(esc(r.reason())).append("</td></tr>\n");
        }
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Verdict %s</title>
                <style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:4px 8px}
                table{border-collapse:collapse}.v{font-size:2em;font-weight:bold;color:%s}</style></head><body>
                <h1>Evaluation %s</h1><p class="v">%s</p>
                <p>suite <b>%s</b> v%d · endpoint <b>%s</b> · model %s · baseline lineage %s · trigger %s · created %s · decided %s</p>
                <p>%s</p>
                <table><tr><th>benchmark</th><th>run</th><th>baseline run</th><th>metric</th><th>baseline %%</th>
                <th>candidate %%</th><th>difference (pt)</th><th>95%% CI</th><th>p</th><th>verdict</th><th>why</th></tr>
                %s</table></body></html>
                """.formatted(esc(e.evaluationId()), colour, esc(e.evaluationId()), esc(verdict), esc(e.suite()),
                e.suiteVersion(), esc(e.endpointId()), esc(e.modelName()), esc(e.lineage()), esc(e.trigger()),
                e.createdAt(), e.decidedAt() == null ? "-" : e.decidedAt().toString(), esc(e.reason()), rows);
    }

    private static String num(Double d) {
        return d == null ? "-" : String.format("%.2f", d);
    }

    static String esc(String s) {
        if (s == null) {
            return "-";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
