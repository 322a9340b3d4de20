package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.simulator.config.SimulatorRuntime;
import dev.stresslab.simulator.domain.ModelProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /v1/models}: the configured behaviour profiles, as OpenAI lists models. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
    private final SimulatorRuntime runtime;

    public ModelsResource(SimulatorRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    public ObjectNode list() {
        ObjectNode root = OpenAiJson.MAPPER.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        runtime.profiles().values().forEach(p -> data.add(model(p)));
        return root;
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return runtime.profile(id)
                .map(p -> Response.ok(model(p)).build())
                .orElseGet(() -> Response.status(404).entity(OpenAiJson.error(new ApiError(404,
                        "The model `" + id + "` does not exist.", "invalid_request_error", "model", "model_not_found"))).build());
    }

    private ObjectNode model(ModelProfile p) {
        ObjectNode m = OpenAiJson.MAPPER.createObjectNode();
        m.put("id", p.id());
        m.put("object", "model");
        m.put("created", runtime.createdEpochSeconds());
        m.put("owned_by", p.ownedBy());
        return m;
    }
}
