package dev.stresslab.composer.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.Map;

/**
 * Test-only stand-in for a future state-changing endpoint (suite changes, run cancellation): it carries no security
 * annotation, and ApiSecurityKafkaTest proves the token is required anyway.
 */
@Path("/probe/suites/{name}")
public class StateChangingProbeResource {

    @GET
    public Map<String, String> read(@PathParam("name") String name) {
        return Map.of("suite", name);
    }

    @PUT
    public Map<String, String> replace(@PathParam("name") String name, Map<String, Object> body) {
        return Map.of("replaced", name);
    }

    @DELETE
    public Map<String, String> delete(@PathParam("name") String name) {
        return Map.of("deleted", name);
    }
}
