package dev.stresslab.gateway.api;

import dev.stresslab.gateway.client.ModelEndpoints;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.List;

/** The endpoint registry as the composer sees it: ids and model names, never URLs' credentials or keys. */
@Path("/endpoints")
public class EndpointResource {

    public record EndpointInfo(String id, String model, String api, int maxInFlight, int inFlight, int waiting) {
    }

    private final ModelEndpoints endpoints;

    public EndpointResource(ModelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    public List<EndpointInfo> list() {
        return endpoints.all().values().stream()
                .map(e -> new EndpointInfo(e.id(), e.config().model(), e.config().api().name(), e.config().maxInFlight(),
                        e.limiter().inFlight(), e.limiter().waiting()))
                .toList();
    }
}
