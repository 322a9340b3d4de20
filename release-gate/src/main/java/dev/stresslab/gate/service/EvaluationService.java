package dev.stresslab.gate.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.api.ApiAuthConfig;
import dev.stresslab.contracts.EndpointUrlAllowList;
import dev.stresslab.contracts.VerdictEvent;
import dev.stresslab.gate.client.AnalyticsClient;
import dev.stresslab.gate.client.ComposerClient;
import dev.stresslab.gate.client.GatewayRegistryClient;
import dev.stresslab.gate.client.HeadlineReader;
import dev.stresslab.gate.config.GateConfig;
import dev.stresslab.gate.domain.Difference;
import dev.stresslab.gate.domain.Evaluation;
import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.domain.Verdict;
import dev.stresslab.gate.messaging.VerdictPublisher;
import dev.stresslab.gate.persistence.EvaluationStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns triggers into evaluations and finished runs into verdicts. A trigger starts one evaluation per suite (the
 * store's unique key makes a repeated trigger start nothing); each evaluation starts one run per benchmark on the
 * composer. Every {@code gate.follow-every} the running evaluations are checked on analytics; once every run is
 * complete, each is compared with its baseline, and the suite's verdict goes out on stress.verdicts.
 */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    private final EvaluationStore store;
    private final Map<String, Suite> suites;
    private final EndpointUrlAllowList allowList;
    private final GateConfig config;
    private final ComposerClient composer;
    private final AnalyticsClient analytics;
    private final GatewayRegistryClient gateway;
    private final VerdictPublisher publisher;
    private final VerdictMeters meters;
    private final String authorization;

    public EvaluationService(EvaluationStore store, GateConfig config, ApiAuthConfig auth, @RestClient ComposerClient composer,
                             @RestClient AnalyticsClient analytics, @RestClient GatewayRegistryClient gateway,
                             VerdictPublisher publisher, VerdictMeters meters) {
        this.store = store;
        this.config = config;
        this.suites = config.suiteCatalog();
        this.allowList = new EndpointUrlAllowList(config.allowedBaseUrls().orElse(List.of()));
        this.composer = composer;
        this.analytics = analytics;
        this.gateway = gateway;
        this.publisher = publisher;
        this.meters = meters;
        // the platform's one token: the gate calls the composer's and the gateway's state-changing APIs with it
        this.authorization = auth.token().map(String::strip).filter(t -> !t.isEmpty()).map(t -> "Bearer " + t).orElse(null);
    }

    /** After a restart the gauge shows the latest stored verdicts again, not nothing. */
    void restoreGauges(@Observes StartupEvent start) {
        try {
            List<Evaluation> decided = new ArrayList<>(store.list(null, null, true, 10_000));
            java.util.Collections.reverse(decided); // oldest first, so the newest verdict per label set is shown
            decided.forEach(e -> meters.show(e.suite(), e.modelName(), e.endpointId(), e.verdict()));
        } catch (RuntimeException e) {
            LOG.warnf("could not restore the verdict gauges from the database: %s", e.getMessage());
        }
    }

    public Map<String, Suite> suites() {
        return suites;
    }

    /** What a trigger did per suite: {@code started} false means a repeated trigger (an evaluation already exists). */
    public record Outcome(String evaluationId, String suite, String status, boolean started, String reason) {
    }

    /** Thrown before anything is stored or run: an unknown suite, a refused base URL. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Starts the named suites, or (names null or empty) those configured for the endpoint. A base URL outside the
     * allow-list refuses the whole trigger: REFUSED rows record it (once per trigger key and suite), nothing runs.
     */
    public List<Outcome> trigger(Trigger trigger, List<String> suiteNames) {
        if (trigger.endpointId() == null || trigger.endpointId().isBlank()) {
            throw new Refused("'endpointId' is required: the registry endpoint id the model is serving as");
        }
        List<Suite> chosen = new ArrayList<>();
        if (suiteNames != null && !suiteNames.isEmpty()) {
            for (String name : suiteNames) {
                chosen.add(Optional.ofNullable(suites.get(name))
                        .orElseThrow(() -> new Refused("unknown suite '" + name + "'; known: " + suites.keySet())));
            }
        } else {
            suites.values().stream().filter(s -> s.runsOnDeploymentOf(trigger.endpointId())).forEach(chosen::add);
        }
        if (chosen.isEmpty()) {
            LOG.infof("no suite is configured for endpoint '%s'; nothing to evaluate", trigger.endpointId());
            return List.of();
        }
        if (trigger.baseUrl() != null && !trigger.baseUrl().isBlank()) {
            Optional<String> refusal = allowList.refusal(trigger.baseUrl());
            if (refusal.isPresent()) {
                for (Suite s : chosen) {
                    store.create(trigger, s, "REFUSED", refusal.get());
                }
                LOG.warnf("deployment of endpoint '%s' refused: %s", trigger.endpointId(), refusal.get());
                throw new Refused(refusal.get());
            }
        }
        List<Outcome> out = new ArrayList<>();
        boolean registered = false;
        for (Suite suite : chosen) {
            Optional<String> created = store.create(trigger, suite, "RUNNING", null);
            if (created.isEmpty()) {
                LOG.infof("trigger %s for suite %s was seen before: no new evaluation", trigger.key(), suite.name());
                out.add(new Outcome(null, suite.name(), "DUPLICATE", false, "this trigger already started an evaluation of this suite"));
                continue;
            }
            String id = created.get();
            if (!registered && trigger.baseUrl() != null && !trigger.baseUrl().isBlank()) {
                try {
                    gateway.register(authorization, new GatewayRegistryClient.Registration(trigger.endpointId(),
                            trigger.modelName() == null ? trigger.endpointId() : trigger.modelName(), trigger.baseUrl()));
                    registered = true;
                } catch (RuntimeException e) {
                    fail(id, suite, "the gateway did not register endpoint '" + trigger.endpointId() + "': " + describe(e));
                    out.add(new Outcome(id, suite.name(), "ERROR", true, describe(e)));
                    continue;
                }
            }
            out.add(start(id, suite, trigger));
        }
        return out;
    }

    private Outcome start(String id, Suite suite, Trigger trigger) {
        for (String benchmark : suite.benchmarks()) {
            try {
                ComposerClient.RunAccepted run = composer.create(authorization, new ComposerClient.RunRequest(benchmark,
                        trigger.endpointId(), suite.levels(), suite.limit(), suite.questionIds(), suite.samples(),
                        suite.systemPrompt(), suite.generation()));
                store.runStarted(id, benchmark, run.runId(), run.promptCount());
                LOG.infof("evaluation %s (suite %s v%d, endpoint %s): run %s on %s, %d prompts", id, suite.name(),
                        suite.version(), trigger.endpointId(), run.runId(), benchmark, run.promptCount());
            } catch (RuntimeException e) {
                String reason = "the composer refused the " + benchmark + " run: " + describe(e);
                store.runFailed(id, benchmark, "ERROR", reason);
                meters.error();
                return new Outcome(id, suite.name(), "ERROR", true, reason);
            }
        }
        return new Outcome(id, suite.name(), "RUNNING", true, null);
    }

    private void fail(String id, Suite suite, String reason) {
        store.runFailed(id, suite.benchmarks().get(0), "ERROR", reason);
        meters.error();
    }

    /** Checks every running evaluation once; decides those whose runs have all ended. */
    @Scheduled(every = "${gate.follow-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "1s")
    void followRunning() {
        for (Evaluation e : store.running()) {
            try {
                follow(e);
            } catch (RuntimeException ex) {
                LOG.warnf("evaluation %s: could not check its runs this time (%s); trying again", e.evaluationId(), describe(ex));
            }
        }
    }

    void follow(Evaluation e) {
        Suite suite = suites.get(e.suite());
        boolean allDone = true;
        for (Evaluation.Run run : e.runs()) {
            if (!"RUNNING".equals(run.status())) {
                allDone &= "COMPLETE".equals(run.status());
                continue;
            }
            JsonNode report = report(run.runId());
            String status = report == null ? "" : report.path("status").asText();
            if ("ABORTED".equals(status)) {
                store.runFailed(e.evaluationId(), run.benchmark(), "ABORTED",
                        "run " + run.runId() + " was aborted: " + report.path("statusReason").asText(""));
                meters.error();
                return;
            }
            if (!"COMPLETE".equals(status)) {
                allDone = false;
                continue;
            }
            compare(e, suite, run);
        }
        if (allDone) {
            decide(e.evaluationId(), suite);
        } else if (e.createdAt().plus(config.runTimeout()).isBefore(Instant.now())) {
            close(e.evaluationId(), suite, Verdict.INCONCLUSIVE, "runs did not finish within " + config.runTimeout());
        }
    }

    private JsonNode report(String runId) {
        try {
            return analytics.report(runId);
        } catch (WebApplicationException notYet) {
            if (notYet.getResponse().getStatus() == 404) {
                return null; // analytics has not seen the run yet
            }
            throw notYet;
        }
    }

    private void compare(Evaluation e, Suite suite, Evaluation.Run run) {
        String metric = suite == null ? "stress" : suite.rule().metric().key();
        Optional<String> baseline = Optional.ofNullable(e.baselineRunId()).filter(b -> !b.isBlank())
                .or(() -> store.baselineRun(e.lineage(), e.suite(), run.benchmark()));
        if (baseline.isEmpty()) {
            store.runCompared(e.evaluationId(), run.benchmark(), null, metric, null, Verdict.INCONCLUSIVE,
                    "no baseline for " + e.lineage() + " / " + e.suite() + " / " + run.benchmark()
                            + ": promote one (POST /evaluations/{id}/promote) or name a reference run");
            return;
        }
        if (suite == null) {
            store.runCompared(e.evaluationId(), run.benchmark(), baseline.get(), metric, null, Verdict.INCONCLUSIVE,
                    "suite '" + e.suite() + "' is no longer configured: no threshold to apply");
            return;
        }
        try {
            Difference d = HeadlineReader.read(analytics.compare(baseline.get(), run.runId()), suite.rule().metric());
            Verdict v = suite.rule().decide(d);
            store.runCompared(e.evaluationId(), run.benchmark(), baseline.get(), metric, d, v, String.format(
                    "%s %+.2f points [%.2f, %.2f] vs run %s; rule: %s", metric, d.difference(), d.ciLow(), d.ciHigh(),
                    baseline.get(), suite.rule().describe()));
        } catch (HeadlineReader.NotComparable nc) {
            store.runCompared(e.evaluationId(), run.benchmark(), baseline.get(), metric, null, Verdict.INCONCLUSIVE, nc.getMessage());
        } catch (HeadlineReader.MissingHeadline missing) {
            store.runFailed(e.evaluationId(), run.benchmark(), "ERROR", missing.getMessage());
            meters.error();
            LOG.errorf("evaluation %s: %s", e.evaluationId(), missing.getMessage());
        }
    }

    private void decide(String evaluationId, Suite suite) {
        Evaluation e = store.find(evaluationId).orElseThrow();
        if (!"RUNNING".equals(e.status())) {
            return; // an error was recorded on the way
        }
        Verdict verdict = Verdict.combine(e.runs().stream().map(Evaluation.Run::verdict).toList());
        String reason = String.join("; ", e.runs().stream().map(r -> r.benchmark() + ": " + r.reason()).toList());
        close(evaluationId, suite, verdict, reason);
    }

    private void close(String evaluationId, Suite suite, Verdict verdict, String reason) {
        if (!store.decide(evaluationId, verdict, reason)) {
            return;
        }
        Evaluation e = store.find(evaluationId).orElseThrow();
        publisher.publish(new VerdictEvent(VerdictEvent.SCHEMA_VERSION, e.evaluationId(), e.suite(), e.suiteVersion(),
                e.endpointId(), e.modelName(), e.lineage(), e.trigger(), verdict.name(), reason,
                e.runs().stream().map(r -> new VerdictEvent.RunVerdict(r.benchmark(), r.runId(), r.baselineRunId(),
                        r.metric(), r.difference(), r.ciLow(), r.ciHigh(), r.pValue(),
                        r.verdict() == null ? null : r.verdict().name(), r.reason())).toList(), Instant.now()));
        meters.record(e.suite(), e.modelName(), e.endpointId(), verdict);
        LOG.infof("evaluation %s (suite %s, endpoint %s): %s", evaluationId, e.suite(), e.endpointId(), verdict);
    }

    /** Prompts of the evaluation's runs: planned, accounted for (scored or failed) and failed, from analytics. */
    public record Progress(String evaluationId, String status, Verdict verdict, long prompts, long completed, long failed) {
    }

    public Optional<Progress> progress(String evaluationId) {
        return store.find(evaluationId).map(e -> {
            long prompts = 0;
            long completed = 0;
            long failed = 0;
            for (Evaluation.Run r : e.runs()) {
                prompts += r.promptCount() == null ? 0 : r.promptCount();
                JsonNode report = r.runId() == null ? null : report(r.runId());
                if (report != null) {
                    completed += report.path("completed").asLong();
                    failed += report.path("failed").asLong();
                }
            }
            return new Progress(e.evaluationId(), e.status(), e.verdict(), prompts, completed, failed);
        });
    }

    /** Makes the evaluation's runs the baseline of its lineage for its suite, one per benchmark. */
    public void promote(String evaluationId) {
        Evaluation e = store.find(evaluationId).orElseThrow(() -> new Refused("no evaluation '" + evaluationId + "'"));
        if (!"DECIDED".equals(e.status())) {
            throw new Refused("evaluation " + evaluationId + " is " + e.status() + ": only a decided evaluation (all runs complete) can be promoted");
        }
        for (Evaluation.Run r : e.runs()) {
            store.promote(e.lineage(), e.suite(), r.benchmark(), r.runId(), e.evaluationId());
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            String body = "";
            try {
                body = w.getResponse().readEntity(String.class);
            } catch (RuntimeException ignored) {
                // no readable body
            }
            return "HTTP " + w.getResponse().getStatus() + (body == null || body.isBlank() ? "" : " " + body);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
