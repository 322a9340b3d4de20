package dev.stresslab.gate.messaging;

import dev.stresslab.contracts.DeploymentEvent;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.service.EvaluationService;
import dev.stresslab.gate.service.VerdictMeters;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * model.deployments: each deployment starts the suites configured for its endpoint (or those it names). A refused or
 * unreadable event is logged and counted, never retried: it would be refused again.
 */
@ApplicationScoped
public class DeploymentConsumer {
    private static final Logger LOG = Logger.getLogger(DeploymentConsumer.class);

    private final EvaluationService evaluations;
    private final VerdictMeters meters;

    public DeploymentConsumer(EvaluationService evaluations, VerdictMeters meters) {
        this.evaluations = evaluations;
        this.meters = meters;
    }

    @Incoming("deployments")
    @Blocking
    public void onDeployment(DeploymentEvent event) {
        if (event == null) {
            LOG.warn("skipped an unreadable record on model.deployments");
            meters.refused();
            return;
        }
        try {
            evaluations.trigger(trigger(Trigger.Kind.DEPLOYMENT, event), event.suites());
        } catch (EvaluationService.Refused refused) {
            meters.refused();
            LOG.warnf("deployment %s of endpoint '%s' refused: %s", event.identity(), event.endpointId(), refused.getMessage());
        }
    }

    /** The trigger a deployment event (or the same body posted to the webhook) stands for. */
    public static Trigger trigger(Trigger.Kind kind, DeploymentEvent event) {
        return new Trigger(kind, "deployment|" + event.identity(), event.endpointId(), event.modelName(), event.lineage(),
                event.baseUrl(), null);
    }
}
