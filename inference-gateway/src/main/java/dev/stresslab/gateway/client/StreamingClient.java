package dev.stresslab.gateway.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.gateway.domain.SseParser;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streaming (SSE) calls to one OpenAI-compatible endpoint on the Vert.x HTTP client: event-loop callbacks only, no
 * thread waits. Chunks are parsed as they arrive and folded by a {@link StreamAccumulator}; when the subscriber
 * cancels (the per-attempt timeout), the request is reset so the server stops generating.
 */
public final class StreamingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The whole answer and when its first token arrived ({@code -1} if it had none). */
    public record Answer(ChatCompletionResponse response, long firstTokenNanos) {
    }

    /** The connection closed before the server said it had finished: the answer may be partial, so it is not used. */
    public static final class StreamCutException extends IOException {
        public StreamCutException() {
            super("the stream ended before the model finished");
        }
    }

    private final HttpClient http;
    private final String baseUrl;

    public StreamingClient(Vertx vertx, String baseUrl, Duration connectTimeout, int maxConnections) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .setMaxPoolSize(Math.max(1, maxConnections))
                .setKeepAlive(true));
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** @param maxChars the most content and reasoning text kept before the stream is cut off */
    public Uni<Answer> post(String path, String authorization, Map<String, Object> body, long maxChars) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(baseUrl + path)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return Uni.createFrom().emitter(em -> new Exchange(em, maxChars).start(options, bytes));
    }

    /** One request/response; ends the emitter exactly once. */
    private final class Exchange {
        private final UniEmitter<? super Answer> emitter;
        private final AtomicBoolean over = new AtomicBoolean();
        private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        private final long maxChars;

        Exchange(UniEmitter<? super Answer> emitter, long maxChars) {
            this.emitter = emitter;
            this.maxChars = maxChars;
            emitter.onTermination(() -> {
                if (over.compareAndSet(false, true)) { // cancelled from outside (timeout): stop the generation
                    HttpClientRequest r = request.get();
                    if (r != null) {
                        r.reset();
                    }
                }
            });
        }

        void start(RequestOptions options, byte[] body) {
            http.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                HttpClientRequest req = ar.result();
                request.set(req);
                if (over.get()) {
                    req.reset();
                    return;
                }
                req.send(Buffer.buffer(body)).onComplete(rar -> {
                    if (rar.failed()) {
                        fail(rar.cause());
                    } else {
                        onResponse(rar.result());
                    }
                });
            });
        }

        private void onResponse(HttpClientResponse response) {
            if (response.statusCode() >= 300) {
                String retryAfter = response.getHeader("Retry-After");
                // read (and drop) the body so the connection can be reused; it is never kept
                response.body().onComplete(ignored -> fail(new HttpStatusException(response.statusCode(), retryAfter)));
                return;
            }
            SseParser parser = new SseParser();
            StreamAccumulator answer = new StreamAccumulator(maxChars);
            response.handler(buffer -> {
                if (over.get()) {
                    return;
                }
                try {
                    long now = System.nanoTime();
                    for (String data : parser.feed(buffer.getBytes())) {
                        answer.accept(data, now);
                    }
                } catch (RuntimeException e) {
                    fail(e);
                    HttpClientRequest r = request.get();
                    if (r != null) {
                        r.reset();
                    }
                }
            });
            response.exceptionHandler(this::fail);
            response.endHandler(v -> {
                try {
                    for (String data : parser.finish()) {
                        answer.accept(data, System.nanoTime());
                    }
                    if (!answer.finished()) {
                        fail(new StreamCutException());
                    } else if (over.compareAndSet(false, true)) {
                        emitter.complete(new Answer(answer.result(), answer.firstTokenNanos()));
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
        }

        private void fail(Throwable t) {
            if (over.compareAndSet(false, true)) {
                emitter.fail(t);
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
