package dev.stresslab.composer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The inference gateway's endpoint registry: a run may only name a registered model endpoint. */
@RegisterRestClient(configKey = "gateway")
@Path("/endpoints")
public interface GatewayClient {

    /** The gateway also reports live load; only these two are read (this service rejects unknown fields by default). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EndpointInfo(String id, String model) {
    }

    @GET
    Uni<List<EndpointInfo>> endpoints();
}
