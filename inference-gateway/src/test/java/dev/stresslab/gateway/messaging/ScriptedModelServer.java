package dev.stresslab.gateway.messaging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second scripted model server over real HTTP, for what the testkit stub cannot do: it records request headers
 * (to prove the API key is sent) and writes server-sent events chunk by chunk with flushes (streaming).
 * <ul>
 *   <li>{@code /secured/v1/chat/completions}: REFLECT-KEY answers 400 with the Authorization header in the error
 *   body (a server that echoes credentials); anything else succeeds.</li>
 *   <li>{@code /stream/v1/chat/completions}: an SSE answer with reasoning deltas, content deltas, a finish_reason
 *   and a usage chunk; STREAM-CUT closes the stream before the end; STREAM-429-ONCE answers 429 the first time.</li>
 * </ul>
 */
final class ScriptedModelServer implements AutoCloseable {
    record Request(String path, String authorization, String body) {
    }

    final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final HttpServer server;

    ScriptedModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        if (path.equals("/_requests")) {
            send(ex, 200, toJson(requests.stream().map(r -> r.path() + " " + r.authorization() + " " + r.body()).toList()));
            ex.close();
            return;
        }
        requests.add(new Request(path, ex.getRequestHeaders().getFirst("Authorization"), body));
        try {
            if (path.equals("/secured/v1/chat/completions")) {
                if (body.contains("REFLECT-KEY")) {
                    send(ex, 400, "{\"error\":{\"message\":\"invalid key " + ex.getRequestHeaders().getFirst("Authorization") + "\"}}");
                } else {
                    send(ex, 200, """
                            {"id":"k1","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
                             "message":{"role":"assistant","content":"\\\\boxed{7}"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}""");
                }
            } else if (path.equals("/stream/v1/chat/completions")) {
                stream(ex, body);
            } else {
                send(ex, 404, "{\"error\":{\"message\":\"no such path\"}}");
            }
        } finally {
            ex.close();
        }
    }

    private void stream(HttpExchange ex, String body) throws IOException {
        if (body.contains("STREAM-429-ONCE") && calls.computeIfAbsent("429", k -> new AtomicInteger()).incrementAndGet() == 1) {
            ex.getResponseHeaders().add("Retry-After", "0.1");
            send(ex, 429, "{\"error\":{\"message\":\"slow down\"}}");
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = ex.getResponseBody()) {
            List<String> chunks = List.of(
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Let me \"}}]}",
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"think … é\"}}]}",
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<think>x</think>Q1: \\\\boxed{\"}}]}",
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42}\"},\"finish_reason\":\"length\"}]}",
                    "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":80,\"total_tokens\":92,\"completion_tokens_details\":{\"reasoning_tokens\":50}}}");
            int n = body.contains("STREAM-CUT") ? 3 : chunks.size();
            for (int i = 0; i < n; i++) {
                sleep(i == 1 ? 150 : 10); // the first token comes after ~150 ms
                byte[] event = ("data: " + chunks.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8);
                // split each event in two writes, inside a multi-byte character where there is one
                out.write(event, 0, event.length / 2);
                out.flush();
                out.write(event, event.length / 2, event.length - event.length / 2);
                out.flush();
            }
            if (n == chunks.size()) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** A JSON array of strings. */
    static String toJson(List<String> items) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(items);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
