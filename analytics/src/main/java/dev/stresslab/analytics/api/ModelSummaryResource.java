package dev.stresslab.analytics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.service.ReportService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * Accuracy per (model, benchmark, level), the mean over comparable complete runs: rows = models, columns = stress
 * levels. The models page ({@code /models}) draws every model's stress curve per benchmark on one chart.
 */
@Path("/models")
public class ModelSummaryResource {
    private final ReportService reports;
    private final ObjectMapper mapper;

    public ModelSummaryResource(ReportService reports, ObjectMapper mapper) {
        this.reports = reports;
        this.mapper = mapper;
    }

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelSummary.Table summary() {
        return reports.modelSummary();
    }

    /** The models page: the table and, per benchmark, every model's stress curve with its interval as a band. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return html();
    }

    @GET
    @Path("summary.html")
    @Produces(MediaType.TEXT_HTML)
    public String html() {
        return HtmlPage.render(mapper, "Models under stress", "models.js", Map.of("summary", summary()));
    }
}
