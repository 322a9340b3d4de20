package dev.stresslab.composer.api;

import dev.stresslab.api.ApiError;
import dev.stresslab.benchmarks.BenchmarkFormatException;
import dev.stresslab.composer.client.AnalyticsUnavailableException;
import dev.stresslab.composer.domain.InvalidRunException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Clear JSON errors ({@link ApiError}): 400 for a bad request, 422 for a benchmark file that cannot be read, 503
 * without the gateway or, for a difficulty order, without analytics. Malformed bodies, unknown paths and the like are mapped by api-guard.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badRequest(BadRunRequestException e) {
        return ApiError.response(new ApiError(e.getMessage(), 400, e.field()));
    }

    @ServerExceptionMapper
    public Response invalidRun(InvalidRunException e) {
        return ApiError.response(new ApiError(e.getMessage(), 400, e.field()));
    }

    @ServerExceptionMapper
    public Response analyticsUnavailable(AnalyticsUnavailableException e) {
        return error(503, e.getMessage());
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
        return ApiError.response(status, message);
    }
}
