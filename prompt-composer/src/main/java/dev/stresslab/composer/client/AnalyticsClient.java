package dev.stresslab.composer.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.io.InputStream;

/** Analytics' per-slot export of a run: the composer reads a reference run's per-question accuracy from it. */
@RegisterRestClient(configKey = "analytics")
@Path("/runs")
public interface AnalyticsClient {

    /** JSON Lines, one row per slot (questionId, correct, failure, ...); 404 for an unknown run. */
    @GET
    @Path("/{runId}/results.jsonl")
    @Produces("application/jsonl")
    InputStream results(@PathParam("runId") String runId);
}
