package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.domain.PairedComparison;
import dev.stresslab.analytics.service.ReportService;
import dev.stresslab.analytics.service.ReportService.Comparison;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.Map;

/** Paired comparison of two runs on the same questions (McNemar's exact test and a paired bootstrap). */
@Path("/")
public class CompareResource {
    private final ReportService reports;
    private final ObjectMapper mapper;

    public CompareResource(ReportService reports, ObjectMapper mapper) {
        this.reports = reports;
        this.mapper = mapper;
    }

    /** @param match {@code slot} (questionId, level, position, sample; the default) or {@code question} (questionId, level) */
    @GET
    @Path("compare")
    @Produces(MediaType.APPLICATION_JSON)
    public Comparison compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate,
                              @QueryParam("match") @DefaultValue("slot") String match) {
        if (base == null || candidate == null || base.isBlank() || candidate.isBlank()) {
            throw new BadRequestException("give both ?base=<runId>&candidate=<runId>");
        }
        PairedComparison.Matching matching = switch (match.toLowerCase(Locale.ROOT)) {
            case "slot" -> PairedComparison.Matching.SLOT;
            case "question" -> PairedComparison.Matching.QUESTION;
            default -> throw new BadRequestException("match must be 'slot' or 'question'");
        };
        return reports.compare(base, candidate, matching);
    }

    @GET
    @Path("compare.html")
    @Produces(MediaType.TEXT_HTML)
    public String html(@QueryParam("base") String base, @QueryParam("candidate") String candidate,
                       @QueryParam("match") @DefaultValue("slot") String match) {
        Comparison c = compare(base, candidate, match);
        return HtmlPage.render(mapper, "Compare " + base + " → " + candidate, "compare.js",
                Map.of("comparison", c, "base", reports.report(base), "candidate", reports.report(candidate)));
    }
}
