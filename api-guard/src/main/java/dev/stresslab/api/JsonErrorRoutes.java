package dev.stresslab.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * JSON errors for what never reaches a REST resource: a path no route serves (404), a body over
 * {@code quarkus.http.limits.max-body-size} (413), and any failure nothing mapped (500, logged here with an id that
 * the answer repeats; the answer itself names no exception or message, which could carry internal details).
 * Quarkus's own error handler would answer these with an empty body or a stack-trace shape.
 */
@ApplicationScoped
public class JsonErrorRoutes {
    private static final Logger LOG = Logger.getLogger(JsonErrorRoutes.class);

    private final ObjectMapper json;
    private final long maxBodyBytes;

    public JsonErrorRoutes(ObjectMapper json,
                           @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        // Quarkus refuses a declared Content-Length over the limit with an empty 413 in the next route; same check, JSON answer
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::declaredBodyTooLarge);
        // first failure handler of every route, so it answers before Quarkus's
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        // last route: nothing else matched the path
        router.route().order(Integer.MAX_VALUE).handler(ctx ->
                write(ctx, ApiError.of(404, "no such resource: " + ctx.request().method() + " " + ctx.request().path())));
    }

    private void declaredBodyTooLarge(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            length = -1; // left to the HTTP layer, which refuses a malformed Content-Length itself
        }
        if (length > maxBodyBytes) {
            // the body is not read: close the connection after answering, as Quarkus does
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close").endHandler(v -> ctx.request().connection().close());
            write(ctx, tooLarge());
            return;
        }
        ctx.next();
    }

    private ApiError tooLarge() {
        return ApiError.of(413, "request body too large: the limit is " + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size)");
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        ApiError body;
        if (status == 413) {
            body = tooLarge();
        } else if (status >= 500) {
            body = internalError(status, ctx.request().method().name(), ctx.request().path(), failure);
        } else {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            body = ApiError.of(status, reason + ": " + ctx.request().method() + " " + ctx.request().path());
        }
        write(ctx, body);
    }

    /** Logs the failure under a new id and answers only that id: an exception's message may carry internal details. */
    static ApiError internalError(int status, String method, String path, Throwable failure) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(failure, "request %s %s failed (error id %s)", method, path, id);
        return ApiError.of(status, "internal error (id " + id + "); the service log has the details");
    }

    private void write(RoutingContext ctx, ApiError body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"error\":\"internal error\",\"status\":500}";
        }
        ctx.response().setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
    }
}
