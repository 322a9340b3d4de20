package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.persistence.GzipJson;
import dev.stresslab.analytics.persistence.ResultExporter;
import dev.stresslab.analytics.persistence.RunEntity;
import dev.stresslab.analytics.service.ReportService;
import dev.stresslab.analytics.service.ReportService.StressAnalysisReport;
import dev.stresslab.contracts.Transcript;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Run status and accuracy under stress, the per-question exports and the HTML report. */
@Path("/runs")
public class RunReportResource {
    static final String CSV_HEADER = "promptId,questionId,position,level,sample,gold,extracted,correct,omitted,"
            + "reasoningTokens,flags,truncated,failure";

    private final ReportService reports;
    private final ResultExporter exporter;
    private final ObjectMapper mapper;

    public RunReportResource(ReportService reports, ResultExporter exporter, ObjectMapper mapper) {
        this.reports = reports;
        this.exporter = exporter;
        this.mapper = mapper;
    }

    public record RunSummary(String runId, String modelId, String benchmark, List<Integer> levels, int promptCount,
                             String composedAt) {
    }

    @GET
    public List<RunSummary> list() {
        return RunEntity.<RunEntity>findAll(Sort.descending("composedAt")).page(0, 200).list().stream()
                .map(r -> new RunSummary(r.runId, r.modelId, r.benchmark, r.levelList(), r.promptCount, r.composedAt.toString()))
                .toList();
    }

    /**
     * Why accuracy drops. While the run is running this is its newest computation (docs/reports.md, "Freshness"):
     * the headers say which results it covers; {@code exact=true} computes it for the results stored now.
     */
    @GET
    @Path("/{runId}/analysis")
    @Produces(MediaType.APPLICATION_JSON)
    public Response analysis(@PathParam("runId") String runId, @QueryParam("exact") boolean exact) {
        return withFreshness(reports.analysis(runId, exact));
    }

    /** One row per ended prompt: level, groupIndex, sample, outcome, slots, correct, questionIds (for the release gate). */
    @GET
    @Path("/{runId}/prompt-outcomes")
    public List<dev.stresslab.analytics.persistence.ReportQueries.PromptOutcome> promptOutcomes(@PathParam("runId") String runId) {
        return reports.promptOutcomes(runId);
    }

    @GET
    @Path("/{runId}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reportAlias(@PathParam("runId") String runId, @QueryParam("exact") boolean exact) {
        return report(runId, exact);
    }

    /** Status and accuracy per level; also at /runs/{id}/report. Freshness as for the analysis. */
    @GET
    @Path("/{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@PathParam("runId") String runId, @QueryParam("exact") boolean exact) {
        return withFreshness(reports.report(runId, exact));
    }

    /**
     * {@code X-Results-Covered}: the prompt results the numbers were computed from; {@code X-Results-Stored}: those
     * stored now; {@code Age} (seconds, RFC 9111) only when the two differ.
     */
    private static Response withFreshness(ReportService.Served<?> served) {
        Response.ResponseBuilder r = Response.ok(served.value(), MediaType.APPLICATION_JSON)
                .header("X-Results-Covered", served.covered().results())
                .header("X-Results-Stored", served.current().results());
        if (served.computedAt() != null) {
            r.header("Age", Math.max(0, java.time.Duration.between(served.computedAt(), java.time.Instant.now()).toSeconds()));
        }
        return r.build();
    }

    /** Per-question rows as CSV (RFC 4180), streamed from the database. */
    @GET
    @Path("/{runId}/results.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("runId") String runId) {
        reports.requireRun(runId);
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(CSV_HEADER);
            w.write("\r\n");
            exporter.export(runId, r -> {
                w.write(String.join(",", cell(r.promptId()), cell(r.questionId()), Integer.toString(r.position()),
                        Integer.toString(r.level()), Integer.toString(r.sample()), cell(r.gold()), cell(r.extracted()),
                        Boolean.toString(r.correct()), Boolean.toString(r.omitted()),
                        r.reasoningTokens() == null ? "" : r.reasoningTokens().toString(), cell(r.flags()),
                        Boolean.toString(r.truncated()), cell(r.failure())));
                w.write("\r\n");
            });
            w.flush();
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-results.csv\"").build();
    }

    /**
     * Per-question rows as JSON Lines (one object a line, flags as an array), streamed from the database; with
     * {@code transcripts=true} each prompt's position-1 row also holds {@code transcript} (docs/reports.md).
     */
    @GET
    @Path("/{runId}/results.jsonl")
    @Produces("application/jsonl")
    public Response jsonl(@PathParam("runId") String runId,
                          @jakarta.ws.rs.QueryParam("transcripts") boolean transcripts) {
        reports.requireRun(runId);
        var writer = mapper.writer();
        StreamingOutput body = out -> {
            var buffered = new java.io.BufferedOutputStream(out, 1 << 16);
            exporter.export(runId, transcripts, r -> {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("promptId", r.promptId());
                row.put("questionId", r.questionId());
                row.put("position", r.position());
                row.put("level", r.level());
                row.put("sample", r.sample());
                row.put("gold", r.gold());
                row.put("extracted", r.extracted());
                row.put("correct", r.correct());
                row.put("omitted", r.omitted());
                row.put("reasoningTokens", r.reasoningTokens());
                row.put("flags", r.flags() == null ? List.of() : Arrays.asList(r.flags().split(",")));
                row.put("truncated", r.truncated());
                row.put("failure", r.failure());
                // score schema 2 (null for version-1 events); the CSV keeps its columns
                row.put("answerTokens", r.answerTokens());
                row.put("errorCategory", r.errorCategory());
                // the question's dataset tags (MATH500's subject and level) and, when an LLM extractor read the slot,
                // the rule-based reading beside it (docs/grading.md, "LLM extractor"); null otherwise
                row.put("subject", r.subject());
                row.put("difficultyLevel", r.difficultyLevel());
                row.put("ruleExtracted", r.ruleExtracted());
                row.put("ruleCorrect", r.ruleCorrect());
                if (r.transcript() != null) {
                    row.put("transcript", GzipJson.read(mapper, r.transcript(), Transcript.class));
                }
                buffered.write(writer.writeValueAsBytes(row));
                buffered.write('\n');
            });
            buffered.flush();
        };
        return Response.ok(body, "application/jsonl; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-results.jsonl\"").build();
    }

    /** The run's report page: accuracy under stress, by position, token allocation boxes, the paper-style table. */
    @GET
    @Path("/{runId}/report.html")
    @Produces(MediaType.TEXT_HTML)
    public String html(@PathParam("runId") String runId, @QueryParam("exact") boolean exact) {
        // the analysis first: it reads the run's slots once, and the report's intervals reuse them (ReportService)
        StressAnalysisReport analysis = reports.analysis(runId, exact).value();
        RunReport report = reports.report(runId, exact).value();
        String title = "Run " + runId + (report.modelId() == null ? "" : " · " + report.modelId() + " · " + report.benchmark());
        return HtmlPage.render(mapper, title, "run.js", Map.of("report", report, "analysis", analysis));
    }

    /** RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled; null is empty. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
