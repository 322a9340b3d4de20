package dev.stresslab.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every 4xx and 5xx answer of the services: what is wrong, the status again (so a logged body is enough),
 * and the request field at fault when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, int status, String field) {

    public static ApiError of(int status, String error) {
        return new ApiError(error, status, null);
    }

    public static Response response(int status, String error) {
        return response(new ApiError(error, status, null));
    }

    public static Response response(ApiError body) {
        return Response.status(body.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
