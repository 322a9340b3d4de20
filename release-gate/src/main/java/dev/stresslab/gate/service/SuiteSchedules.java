package dev.stresslab.gate.service;

import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.domain.Trigger;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * A suite's {@code schedule} (Quartz cron) re-evaluates its {@code scheduled-endpoints}. The trigger key holds the
 * scheduled fire time, so two replicas firing the same tick start one evaluation.
 */
@ApplicationScoped
public class SuiteSchedules {
    private static final Logger LOG = Logger.getLogger(SuiteSchedules.class);

    private final Scheduler scheduler;
    private final EvaluationService evaluations;

    public SuiteSchedules(Scheduler scheduler, EvaluationService evaluations) {
        this.scheduler = scheduler;
        this.evaluations = evaluations;
    }

    void schedule(@Observes StartupEvent start) {
        for (Suite suite : evaluations.suites().values()) {
            suite.schedule().filter(c -> !c.isBlank()).ifPresent(cron -> {
                scheduler.newJob("suite-" + suite.name()).setCron(cron)
                        .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                        .setTask(execution -> fire(suite, execution.getScheduledFireTime())).schedule();
                LOG.infof("suite %s scheduled (%s) for endpoints %s", suite.name(), cron, suite.scheduledEndpoints());
            });
        }
    }

    void fire(Suite suite, Instant tick) {
        for (String endpoint : suite.scheduledEndpoints()) {
            try {
                evaluations.trigger(new Trigger(Trigger.Kind.SCHEDULE, "schedule|" + endpoint + "|" + tick.getEpochSecond(),
                        endpoint, null, endpoint, null, null), List.of(suite.name()));
            } catch (RuntimeException e) {
                LOG.errorf("scheduled evaluation of %s by suite %s failed to start: %s", endpoint, suite.name(), e.getMessage());
            }
        }
    }
}
