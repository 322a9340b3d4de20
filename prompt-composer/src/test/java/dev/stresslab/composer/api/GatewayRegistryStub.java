package dev.stresslab.composer.api;

import dev.stresslab.testkit.StubHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The gateway's endpoint registry over real HTTP, knowing one model endpoint: sim-budgeter. */
public class GatewayRegistryStub implements QuarkusTestResourceLifecycleManager {
    private StubHttpServer server;

    @Override
    public Map<String, String> start() {
        server = new StubHttpServer().on("/endpoints",
                body -> StubHttpServer.Reply.json(200, "[{\"id\":\"sim-budgeter\",\"model\":\"sim-budgeter\"},{\"id\":\"sim-careful\",\"model\":\"sim-budgeter\"}]"));
        return Map.of("quarkus.rest-client.gateway.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
