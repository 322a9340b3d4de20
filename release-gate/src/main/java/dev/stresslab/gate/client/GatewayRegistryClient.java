package dev.stresslab.gate.client;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The gateway's endpoint registration (POST /endpoints): a deployed model's server, known without a restart. */
@RegisterRestClient(configKey = "gateway")
@Path("/endpoints")
public interface GatewayRegistryClient {

    record Registration(String id, String model, String baseUrl) {
    }

    @POST
    void register(@HeaderParam("Authorization") String authorization, Registration registration);
}
