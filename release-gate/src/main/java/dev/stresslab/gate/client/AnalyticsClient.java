package dev.stresslab.gate.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** Analytics' run report (status, progress) and paired comparison (its {@code headline}, read by HeadlineReader). */
@RegisterRestClient(configKey = "analytics")
public interface AnalyticsClient {

    @GET
    @Path("/runs/{runId}")
    JsonNode report(@PathParam("runId") String runId);

    /** Every ended prompt of a run: level, groupIndex, sample, outcome, slots, correct, questionIds (comma-joined). */
    @GET
    @Path("/runs/{runId}/prompt-outcomes")
    List<PromptOutcome> promptOutcomes(@PathParam("runId") String runId);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PromptOutcome(int level, int groupIndex, int sample, String outcome, long slots, long correct, String questionIds) {
        public boolean cancelled() {
            return "CANCELLED".equals(outcome);
        }
    }

    @GET
    @Path("/compare")
    JsonNode compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate);
}
