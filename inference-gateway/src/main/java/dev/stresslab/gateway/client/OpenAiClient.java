package dev.stresslab.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.Map;

/**
 * An OpenAI-compatible model server, non-streaming; one instance per registered endpoint (built by ModelEndpoints).
 * The body is a JSON object built by {@link RequestBodies}.
 */
@Path("/v1")
public interface OpenAiClient {

    @POST
    @Path("/chat/completions")
    Uni<ChatCompletionResponse> chat(@HeaderParam("Authorization") String authorization, Map<String, Object> request);

    @POST
    @Path("/completions")
    Uni<ChatCompletionResponse> completions(@HeaderParam("Authorization") String authorization, Map<String, Object> request);
}
