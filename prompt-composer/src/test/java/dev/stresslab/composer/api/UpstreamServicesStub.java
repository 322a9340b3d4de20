package dev.stresslab.composer.api;

import dev.stresslab.testkit.StubHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The services the composer calls, over real HTTP: the gateway's endpoint registry (models sim-budgeter and
 * sim-careful) and analytics' results export, which knows {@link #REFERENCE_RUN} and answers 500 for
 * {@link #BROKEN_RUN}; any other run is a 404, as analytics answers an unknown run.
 */
public class UpstreamServicesStub implements QuarkusTestResourceLifecycleManager {
    /** A reference run over the five questions of gsm8k-mini: gsm8k-4 always right ... gsm8k-0 never. */
    public static final String REFERENCE_RUN = "run-reference01";
    public static final String BROKEN_RUN = "run-broken00001";
    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = new StubHttpServer()
                .on("/endpoints", body -> StubHttpServer.Reply.json(200,
                        "[{\"id\":\"sim-budgeter\",\"model\":\"sim-budgeter\"},{\"id\":\"sim-careful\",\"model\":\"sim-budgeter\"}]"))
                .on("/runs/" + REFERENCE_RUN + "/results.jsonl", body -> StubHttpServer.Reply.json(200, referenceResults()))
                .on("/runs/" + BROKEN_RUN + "/results.jsonl", body -> StubHttpServer.Reply.json(500, "{\"error\":\"boom\"}"));
        return Map.of("quarkus.rest-client.gateway.url", server.url(), "quarkus.rest-client.analytics.url", server.url());
    }

    /** Question gsm8k-k is right in k of 4 slots (a fifth, failed call is left out); so 4 is the easiest. */
    static String referenceResults() {
        StringBuilder rows = new StringBuilder();
        for (int k = 0; k < 5; k++) {
            for (int slot = 0; slot < 4; slot++) {
                rows.append("{\"promptId\":\"p").append(k).append('-').append(slot).append("\",\"questionId\":\"gsm8k-").append(k)
                        .append("\",\"correct\":").append(slot < k).append(",\"failure\":null}\n");
            }
            rows.append("{\"questionId\":\"gsm8k-").append(k).append("\",\"correct\":false,\"failure\":\"timeout\"}\n");
        }
        return rows.toString();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
