package dev.stresslab.composer.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

import java.util.Map;

/**
 * Test-only stand-in for a future state-changing endpoint (suite changes, run cancellation): it carries no security
 * annotation, and ApiSecurityKafkaTest proves the token is required anyway; {@code /fail} stands for a bug.
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

    /** A bug nothing maps: the answer must be a JSON 500 that does not repeat the exception's message. */
    @POST
    @Path("/fail")
    public Map<String, String> fail(@PathParam("name") String name) {
        throw new IllegalStateException("internal detail of " + name + ": jdbc:postgresql://db/stresslab?password=hunter2");
    }

    /** A REST client call that failed with a 401, not caught: the 401 belongs to the other server, not to our caller. */
    @POST
    @Path("/fail-downstream")
    public Map<String, String> failDownstream(@PathParam("name") String name) {
        throw new ClientWebApplicationException("model server said: invalid key sk-downstream-0000", 401);
    }
}
