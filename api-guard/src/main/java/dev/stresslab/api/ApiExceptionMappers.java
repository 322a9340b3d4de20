package dev.stresslab.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.ResteasyReactiveClientProblem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.stream.Collectors;

/**
 * JSON errors for what the REST layer refuses before or instead of a resource method: a body that is not JSON or
 * does not fit the request type (400), an unknown path (404), a wrong method (405), a wrong content type (415), and
 * every other {@link WebApplicationException} a resource throws (e.g. analytics' "no run 'x'").
 */
public class ApiExceptionMappers {

    // Quarkus maps these two itself (an echo of the parser's view of the field); the most specific mapper wins
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? fieldPath(m) : null;
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + u.getPropertyName() + "'";
        } else if (e instanceof JsonMappingException && field != null) {
            message = "field '" + field + "' has the wrong type: " + firstLine(e.getOriginalMessage());
        } else {
            message = "malformed JSON body: " + firstLine(e.getOriginalMessage()) + at(e.getLocation());
        }
        return ApiError.response(new ApiError(message, 400, field));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, Request request, UriInfo uri, HttpHeaders headers,
                                   SimpleResourceInfo resource) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableBody(unreadable); // Quarkus wraps a body that is not JSON at all in a plain 400
        }
        if (e instanceof ResteasyReactiveClientProblem) {
            // a REST client call failed and nothing caught it: its status and message are another server's, not an
            // answer for our caller (they could even quote that server's credentials)
            return ApiError.response(JsonErrorRoutes.internalError(500, request.getMethod(), path(uri), e));
        }
        int status = e.getResponse().getStatus();
        String where = request.getMethod() + " " + path(uri);
        String message;
        if (e instanceof NotAllowedException) {
            // Quarkus does not always fill in the allowed methods; name them when it does
            var allowed = e.getResponse().getAllowedMethods().stream().sorted().toList();
            message = "method " + request.getMethod() + " is not allowed on " + path(uri)
                    + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed));
        } else if (e instanceof NotSupportedException) {
            message = "content type '" + (headers.getMediaType() == null ? "none" : headers.getMediaType()) + "' is not supported by "
                    + where + "; send application/json";
        } else if (status == 404 && (resource.getMethodName() == null || isDefaultMessage(e))) {
            // no resource method matched the path (the framework's "Unable to find matching target resource method")
            message = "no such resource: " + where;
        } else if (isDefaultMessage(e)) {
            message = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase() + ": " + where
                    : "HTTP " + status + ": " + where;
        } else {
            message = e.getMessage();
        }
        Response.ResponseBuilder out = Response.fromResponse(ApiError.response(status, message));
        // keep what the original answer told the client to do next (WWW-Authenticate, Retry-After, Location)
        e.getResponse().getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    private static String path(UriInfo uri) {
        return "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** JAX-RS's own exceptions carry "HTTP 404 Not Found" and the like, which says nothing the status does not. */
    private static boolean isDefaultMessage(WebApplicationException e) {
        return e.getMessage() == null || e.getMessage().startsWith("HTTP " + e.getResponse().getStatus());
    }

    private static String fieldPath(JsonMappingException e) {
        if (e.getPath() == null || e.getPath().isEmpty()) {
            return null;
        }
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
