package dev.stresslab.gate.api;

import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.service.EvaluationService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.Collection;
import java.util.Optional;

/** The configured suites (gate.suites.*), read-only: they change with the configuration, and their version with them. */
@Path("/suites")
public class SuiteResource {
    private final EvaluationService evaluations;

    public SuiteResource(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    @GET
    public Collection<Suite> list() {
        return evaluations.suites().values();
    }

    @GET
    @Path("{name}")
    public Suite get(@PathParam("name") String name) {
        return Optional.ofNullable(evaluations.suites().get(name)).orElseThrow(() -> new NotFoundException("no suite '" + name + "'"));
    }
}
