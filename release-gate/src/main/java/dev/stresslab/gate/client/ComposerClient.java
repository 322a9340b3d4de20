package dev.stresslab.gate.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stresslab.contracts.GenerationSettings;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The composer's POST /runs, as the launcher and users call it (the gate passes the platform's bearer token). */
@RegisterRestClient(configKey = "composer")
@Path("/runs")
public interface ComposerClient {

    /** The composer's RunRequest; null fields are left out so the composer's defaults apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunRequest(String benchmark, String modelId, List<Integer> levels, Integer limit, List<String> questionIds,
                      Integer samples, String systemPrompt, GenerationSettings generation, String promptOrder,
                      Long orderSeed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunAccepted(String runId, String modelId, String benchmark, List<Integer> levels, int questionCount,
                       int samples, int promptCount) {
    }

    @POST
    RunAccepted create(@HeaderParam("Authorization") String authorization, RunRequest request);
}
