package dev.stresslab.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Every state-changing request (POST, PUT, PATCH, DELETE on any REST endpoint) must carry
 * {@code Authorization: Bearer <stresslab.api.token>}; GET, HEAD and OPTIONS stay open. The rule is by method, so a new
 * endpoint (run cancellation, a webhook, suite changes) is closed from its first line without opting in.
 *
 * <p>A REST filter rather than quarkus-security: there is one shared token and no users or roles, which quarkus-security
 * would need a custom authentication mechanism and identity provider for, and its refusals are written by the HTTP
 * layer with an empty body, while this one answers through the same JSON error shape as every other 4xx.
 */
public class ApiTokenFilter {
    private static final Logger LOG = Logger.getLogger(ApiTokenFilter.class);
    private static final Set<String> STATE_CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final String BEARER = "Bearer ";

    private final ApiAuthConfig config;
    private final byte[] expectedDigest;

    public ApiTokenFilter(ApiAuthConfig config) {
        this.config = config;
        // stripped like the presented token: a Secret written with a trailing newline must still match
        this.expectedDigest = config.token().map(String::strip).filter(t -> !t.isEmpty()).map(ApiTokenFilter::sha256).orElse(null);
    }

    void announce(@Observes StartupEvent event) {
        if (config.auth() == ApiAuthConfig.Mode.disabled) {
            LOG.warn("API auth is disabled (stresslab.api.auth=disabled): state-changing requests need no token; only for a local demo");
        } else if (expectedDigest == null) {
            LOG.warn("no API token configured (stresslab.api.token / STRESSLAB_API_TOKEN): state-changing requests are refused with 503");
        } else {
            LOG.info("API auth: state-changing requests need the bearer token (stresslab.api.token)");
        }
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response check(ContainerRequestContext request) {
        if (!STATE_CHANGING.contains(request.getMethod()) || config.auth() == ApiAuthConfig.Mode.disabled) {
            return null;
        }
        if (expectedDigest == null) {
            return ApiError.response(503, "API auth is not configured: set stresslab.api.token (env STRESSLAB_API_TOKEN) "
                    + "on this service, or stresslab.api.auth=disabled for a local demo");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return unauthorized("missing bearer token: send 'Authorization: Bearer <token>' with state-changing requests");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        // digests of equal length, compared in constant time: neither the token's content nor its length leaks
        if (!MessageDigest.isEqual(expectedDigest, sha256(header.substring(BEARER.length()).strip()))) {
            return unauthorized("invalid bearer token");
        }
        return null;
    }

    private static Response unauthorized(String message) {
        return Response.fromResponse(ApiError.response(401, message))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"stress-lab\"").build();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JRE has SHA-256
        }
    }
}
