package dev.stresslab.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** An OpenAI-compatible model server; one instance per registered endpoint (built by ModelEndpoints). */
@Path("/v1")
public interface OpenAiClient {

    @POST
    @Path("/chat/completions")
    Uni<ChatCompletionResponse> chat(@HeaderParam("Authorization") String authorization, ChatCompletionRequest request);

    @POST
    @Path("/completions")
    Uni<ChatCompletionResponse> completions(@HeaderParam("Authorization") String authorization, ChatCompletionRequest request);
}
