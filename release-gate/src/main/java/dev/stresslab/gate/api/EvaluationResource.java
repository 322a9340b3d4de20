package dev.stresslab.gate.api;

import dev.stresslab.api.ApiError;
import dev.stresslab.gate.domain.Evaluation;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.persistence.EvaluationStore;
import dev.stresslab.gate.service.EvaluationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** Evaluations and verdicts: JSON, an HTML verdict page, promotion to baseline, and an on-demand evaluation (the CLI's). */
@Path("/")
@Blocking
public class EvaluationResource {
    private final EvaluationStore store;
    private final EvaluationService evaluations;

    public EvaluationResource(EvaluationStore store, EvaluationService evaluations) {
        this.store = store;
        this.evaluations = evaluations;
    }

    /** POST /evaluations body: run a suite on a registered endpoint now, against the promoted or a named baseline. */
    public record EvaluationRequest(String suite, String endpointId, String family, String baselineRunId) {
    }

    @POST
    @Path("evaluations")
    public Response start(EvaluationRequest request) {
        if (request == null || request.suite() == null || request.endpointId() == null) {
            throw new WebApplicationException(ApiError.response(400, "'suite' and 'endpointId' are required"));
        }
        String lineage = request.family() == null || request.family().isBlank() ? request.endpointId() : request.family();
        try {
            List<EvaluationService.Outcome> out = evaluations.trigger(new Trigger(Trigger.Kind.API,
                    "api|" + UUID.randomUUID(), request.endpointId(), null, lineage, null, request.baselineRunId()),
                    List.of(request.suite()));
            return Response.accepted(out.get(0)).build();
        } catch (EvaluationService.Refused refused) {
            throw new WebApplicationException(ApiError.response(422, refused.getMessage()));
        }
    }

    @GET
    @Path("evaluations")
    public List<Evaluation> list(@QueryParam("endpoint") String endpoint, @QueryParam("suite") String suite,
                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        return store.list(endpoint, suite, false, Math.min(Math.max(limit, 1), 1000));
    }

    @GET
    @Path("evaluations/{id}")
    public Evaluation get(@PathParam("id") String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no evaluation '" + id + "'"));
    }

    /** Prompts done of planned and failures over the evaluation's runs (the CLI's progress bar). */
    @GET
    @Path("evaluations/{id}/progress")
    public EvaluationService.Progress progress(@PathParam("id") String id) {
        return evaluations.progress(id).orElseThrow(() -> new NotFoundException("no evaluation '" + id + "'"));
    }

    @GET
    @Path("verdicts")
    public List<Evaluation> verdicts(@QueryParam("endpoint") String endpoint, @QueryParam("suite") String suite,
                                     @QueryParam("limit") @DefaultValue("100") int limit) {
        return store.list(endpoint, suite, true, Math.min(Math.max(limit, 1), 1000));
    }

    @GET
    @Path("evaluations/{id}/verdict.html")
    @Produces(MediaType.TEXT_HTML)
    public String page(@PathParam("id") String id) {
        return VerdictPage.render(get(id));
    }

    @POST
    @Path("evaluations/{id}/promote")
    public Response promote(@PathParam("id") String id) {
        try {
            evaluations.promote(id);
        } catch (EvaluationService.Refused refused) {
            throw new WebApplicationException(ApiError.response(409, refused.getMessage()));
        }
        return Response.ok(store.baselines().stream().filter(b -> id.equals(b.evaluationId())).toList()).build();
    }

    /** POST /baselines/{lineage}/{suite}/{benchmark} with a run id as body: a named reference run as the baseline. */
    @POST
    @Path("baselines/{lineage}/{suite}/{benchmark}")
    public Response reference(@PathParam("lineage") String lineage, @PathParam("suite") String suite,
                              @PathParam("benchmark") String benchmark, String runId) {
        if (runId == null || runId.isBlank() || !evaluations.suites().containsKey(suite)) {
            throw new WebApplicationException(ApiError.response(400, "give a known suite and a run id as the body"));
        }
        store.promote(lineage, suite, benchmark, runId.strip().replace("\"", ""), null);
        return Response.ok(store.baselines()).build();
    }

    @GET
    @Path("baselines")
    public List<EvaluationStore.Baseline> baselines() {
        return store.baselines();
    }
}
