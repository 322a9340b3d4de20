package dev.stresslab.gate.api;

import dev.stresslab.api.ApiError;
import dev.stresslab.contracts.DeploymentEvent;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.messaging.DeploymentConsumer;
import dev.stresslab.gate.service.EvaluationService;
import dev.stresslab.gate.service.VerdictMeters;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * POST /deployments: the deployments topic as a webhook (same body as a {@link DeploymentEvent}; bearer token from
 * api-guard). 202 with what each suite did (a repeated deployment: {@code started} false); 422 when refused.
 */
@Path("/deployments")
public class DeploymentResource {
    private final EvaluationService evaluations;
    private final VerdictMeters meters;

    public DeploymentResource(EvaluationService evaluations, VerdictMeters meters) {
        this.evaluations = evaluations;
        this.meters = meters;
    }

    @POST
    @Blocking
    public Response deploy(DeploymentEvent event) {
        if (event == null) {
            throw new WebApplicationException(ApiError.response(400, "a deployment body is required: {\"endpointId\": ..., \"modelName\": ...}"));
        }
        try {
            List<EvaluationService.Outcome> outcomes = evaluations.trigger(DeploymentConsumer.trigger(Trigger.Kind.WEBHOOK, event), event.suites());
            return Response.accepted(outcomes).build();
        } catch (EvaluationService.Refused refused) {
            meters.refused();
            throw new WebApplicationException(ApiError.response(422, refused.getMessage()));
        }
    }
}
