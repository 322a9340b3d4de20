package dev.stresslab.gate.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Analytics' run report (status, progress) and paired comparison (its {@code headline}, read by HeadlineReader). */
@RegisterRestClient(configKey = "analytics")
public interface AnalyticsClient {

    @GET
    @Path("/runs/{runId}")
    JsonNode report(@PathParam("runId") String runId);

    @GET
    @Path("/compare")
    JsonNode compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate);
}
