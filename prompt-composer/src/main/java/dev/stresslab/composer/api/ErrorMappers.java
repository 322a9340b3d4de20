package dev.stresslab.composer.api;

import dev.stresslab.benchmarks.BenchmarkFormatException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Clear JSON errors: 400 for a bad request, 422 for a benchmark file that cannot be read, 503 without the gateway. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRunRequestException e) {
        return error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badBenchmarkFile(BenchmarkFormatException e) {
        return error(422, e.getMessage()); // Unprocessable Content: the request is fine, the data is not
    }

    @ServerExceptionMapper
    public Response gatewayUnavailable(GatewayUnavailableException e) {
        return error(503, e.getMessage());
    }

    static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
