package dev.stresslab.gateway.client;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model server that never stops streaming costs the gateway a bounded amount of text, and its stream is cut. */
class StreamingClientTest {
    private HttpServer server;
    private Vertx vertx;
    private final AtomicLong charsSent = new AtomicLong();
    private final CountDownLatch serverStopped = new CountDownLatch(1);

    @BeforeEach
    void endlessServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            String delta = "x".repeat(1000);
            byte[] chunk = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"" + delta + "\"}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (long i = 0; i < 10_000_000; i++) { // ~10 GB of text unless the client hangs up
                    out.write(chunk);
                    out.flush();
                    charsSent.addAndGet(delta.length());
                }
            } catch (IOException hungUp) {
                // the client reset the stream: what a model server sees when the gateway cuts it off
            } finally {
                serverStopped.countDown();
            }
        });
        server.start();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.close();
    }

    @Test
    void anEndlessStreamIsCutAtTheCapAndTheServerIsHungUpOn() throws Exception {
        long cap = 2_000_000;
        StreamingClient client = new StreamingClient(vertx, "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5), 4);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> client
                .post("/v1/chat/completions", null, Map.of("model", "m"), cap)
                .await().atMost(Duration.ofSeconds(30)));
        Throwable cause = failure instanceof StreamAccumulator.OutputTooLargeException ? failure : failure.getCause();
        assertInstanceOf(StreamAccumulator.OutputTooLargeException.class, cause, String.valueOf(failure));
        assertTrue(cause.getMessage().contains("more than 2,000,000 chars"), cause.getMessage());
        assertEquals("OUTPUT_TOO_LARGE", ModelCaller.classify(failure).kind().name());
        assertTrue(serverStopped.await(10, TimeUnit.SECONDS), "the server's stream is reset, so it stops generating");
        assertTrue(charsSent.get() < 100 * cap, "the server stopped soon after the cap, not after "
                + charsSent.get() + " chars");
        client.close();
    }
}
