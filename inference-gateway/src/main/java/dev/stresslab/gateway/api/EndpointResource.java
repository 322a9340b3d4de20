package dev.stresslab.gateway.api;

import dev.stresslab.api.ApiError;
import dev.stresslab.gateway.client.ModelEndpoints;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The endpoint registry as the composer sees it: ids, model names and live load — never URLs or credentials. POST
 * registers a deployed model's server without a restart (the release gate's deployments; bearer token, allow-list).
 */
@Path("/endpoints")
public class EndpointResource {

    /**
     * {@code limit}: requests it may have in flight now ({@code maxInFlight}, or the adaptive limit);
     * {@code inFlight}: requests being answered; {@code waiting}: prompts queued for a free slot of the endpoint;
     * {@code prompts}: prompts in progress for it (waiting, calling or backing off); {@code circuit}: CLOSED, OPEN
     * or HALF_OPEN.
     */
    public record EndpointInfo(String id, String model, String api, boolean stream, int maxInFlight, int limit, int inFlight,
                               int waiting, int prompts, String circuit) {
    }

    private final ModelEndpoints endpoints;

    public EndpointResource(ModelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    public List<EndpointInfo> list() {
        return endpoints.all().values().stream()
                .map(e -> new EndpointInfo(e.id(), e.config().model(), e.config().api().name(), e.config().stream(),
                        e.config().maxInFlight(), e.limiter().limit(), e.limiter().inFlight(), e.limiter().waiting(), e.prompts().get(),
                        e.breaker().state().name()))
                .toList();
    }

    /** POST /endpoints body. */
    public record Registration(String id, String model, String baseUrl) {
    }

    /** 201 when registered, 200 when the same registration exists, 422 outside the allow-list, 409 on another URL. */
    @POST
    public Response register(Registration registration) {
        if (registration == null) {
            throw new WebApplicationException(ApiError.response(400, "give {\"id\", \"model\", \"baseUrl\"}"));
        }
        boolean known = endpoints.find(registration.id()).isPresent();
        try {
            endpoints.register(registration.id(), registration.model(), registration.baseUrl());
        } catch (ModelEndpoints.RegistrationRefused refused) {
            throw new WebApplicationException(ApiError.response(refused.conflict ? 409 : 422, refused.getMessage()));
        }
        return Response.status(known ? 200 : 201).build();
    }
}
