package dev.stresslab.scorer.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** The gateway's {@code POST /extractions} (inference-gateway {@code ExtractionResource}). Built in {@link LlmExtractor}. */
@Path("/extractions")
public interface GatewayExtractionClient {

    /** Body: the endpoint id, REST's extraction prompt, temperature and max tokens. */
    record ExtractionRequest(String endpoint, String prompt, double temperature, int maxTokens) {
    }

    /** The endpoint's answer text. */
    record ExtractionResponse(String content, String finishReason, int attempts) {
    }

    @POST
    Uni<ExtractionResponse> extract(@HeaderParam("Authorization") String authorization, ExtractionRequest request);
}
