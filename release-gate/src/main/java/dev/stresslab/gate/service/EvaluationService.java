package dev.stresslab.gate.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.api.ApiAuthConfig;
import dev.stresslab.contracts.EndpointUrlAllowList;
import dev.stresslab.contracts.PromptOrder;
import dev.stresslab.contracts.VerdictEvent;
import dev.stresslab.gate.client.AnalyticsClient;
import dev.stresslab.gate.client.ComposerClient;
import dev.stresslab.gate.client.GatewayRegistryClient;
import dev.stresslab.gate.client.HeadlineReader;
import dev.stresslab.gate.config.GateConfig;
import dev.stresslab.gate.domain.CheckResult;
import dev.stresslab.gate.domain.Difference;
import dev.stresslab.gate.domain.Evaluation;
import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.domain.SequentialVerdict;
import dev.stresslab.gate.domain.Verdict;
import dev.stresslab.gate.domain.VerdictRule;
import dev.stresslab.gate.messaging.RunCancellations;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns triggers into evaluations and finished runs into verdicts. A trigger starts one evaluation per suite (the
 * store's unique key makes a repeated trigger start nothing); each evaluation starts one run per benchmark on the
 * composer. Every {@code gate.follow-every} the running evaluations are checked on analytics; once every run is
 * complete, each is compared with its baseline, and the suite's verdict goes out on stress.verdicts.
 * <p>
 * Sequential suites ({@code gate.suites.X.sequential=true}) publish their runs in contracts' interleaved order and
 * are decided round by round ({@link SequentialVerdict}) from analytics' per-prompt outcomes, paired with the
 * baseline's; once decided the run is cancelled (RunEvent CANCELLED) and the evaluation closes when analytics has
 * accounted for every prompt. A run left STARTING (the gate died before starting it) is started by a later check.
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
    private final RunCancellations cancellations;
    private final String authorization;
    /** A promoted baseline run is complete and never changes: its prompt outcomes are read once. */
    private final Map<String, Map<PromptOrder.Key, AnalyticsClient.PromptOutcome>> baselineOutcomes = new ConcurrentHashMap<>();

    public EvaluationService(EvaluationStore store, GateConfig config, ApiAuthConfig auth, @RestClient ComposerClient composer,
                             @RestClient AnalyticsClient analytics, @RestClient GatewayRegistryClient gateway,
                             VerdictPublisher publisher, VerdictMeters meters, RunCancellations cancellations) {
        this.store = store;
        this.config = config;
        this.suites = config.suiteCatalog();
        this.allowList = new EndpointUrlAllowList(config.allowedBaseUrls().orElse(List.of()));
        this.composer = composer;
        this.analytics = analytics;
        this.gateway = gateway;
        this.publisher = publisher;
        this.meters = meters;
        this.cancellations = cancellations;
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
        return start(id, suite, trigger.endpointId(), suite.benchmarks());
    }

    private Outcome start(String id, Suite suite, String endpointId, List<String> benchmarks) {
        for (String benchmark : benchmarks) {
            try {
                Long seed = suite.isSequential() ? Optional.ofNullable(suite.sequential().orderSeed())
                        .orElseGet(() -> new java.security.SecureRandom().nextLong()) : null;
                ComposerClient.RunAccepted run = composer.create(authorization, new ComposerClient.RunRequest(benchmark,
                        endpointId, suite.levels(), suite.limit(), suite.questionIds(), suite.samples(),
                        suite.systemPrompt(), suite.generation(), seed == null ? null : PromptOrder.INTERLEAVED, seed));
                store.runStarted(id, benchmark, run.runId(), run.promptCount(), run.levels(), run.questionCount(),
                        run.samples(), seed);
                LOG.infof("evaluation %s (suite %s v%d, endpoint %s): run %s on %s, %d prompts", id, suite.name(),
                        suite.version(), endpointId, run.runId(), benchmark, run.promptCount());
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
        resumeStalledStarts();
        for (Evaluation e : store.running()) {
            try {
                follow(e);
            } catch (RuntimeException ex) {
                LOG.warnf("evaluation %s: could not check its runs this time (%s); trying again", e.evaluationId(), describe(ex));
            }
        }
    }

    /**
     * Runs of RUNNING evaluations still STARTING after {@code gate.start-grace}: the gate died between storing the
     * evaluation and starting them. Each is claimed (one replica wins) and started now, after registering the
     * deployment's base URL again (the gateway answers 200 for the same URL). A composer run the dead gate had
     * already created, but not recorded, runs on unfollowed; the evaluation follows the new one.
     */
    void resumeStalledStarts() {
        for (String[] claimed : store.claimStalledStarts(config.startGrace())) {
            Evaluation e = store.find(claimed[0]).orElse(null);
            Suite suite = e == null ? null : suites.get(e.suite());
            if (e == null) {
                continue;
            }
            if (suite == null) {
                store.runFailed(e.evaluationId(), claimed[1], "ERROR", "suite '" + e.suite()
                        + "' is no longer configured: its run could not be started after a restart");
                meters.error();
                continue;
            }
            LOG.infof("evaluation %s: starting its %s run, left unstarted (the gate stopped before starting it)",
                    e.evaluationId(), claimed[1]);
            if (e.baseUrl() != null && !e.baseUrl().isBlank()) {
                try {
                    gateway.register(authorization, new GatewayRegistryClient.Registration(e.endpointId(),
                            e.modelName() == null ? e.endpointId() : e.modelName(), e.baseUrl()));
                } catch (RuntimeException ex) {
                    store.runFailed(e.evaluationId(), claimed[1], "ERROR", "the gateway did not register endpoint '"
                            + e.endpointId() + "' on resume: " + describe(ex));
                    meters.error();
                    continue;
                }
            }
            start(e.evaluationId(), suite, e.endpointId(), List.of(claimed[1]));
        }
    }

    void follow(Evaluation e) {
        Suite suite = suites.get(e.suite());
        boolean allDone = true;
        for (Evaluation.Run run : e.runs()) {
            if ("STOPPING".equals(run.status())) {
                allDone &= stopped(e, run);
                continue;
            }
            if (!"RUNNING".equals(run.status())) {
                allDone &= run.ended();
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
            if (suite != null && suite.isSequential() && report != null && sequential(e, suite, run)) {
                allDone = false; // decided: the run is stopping (or complete) and is checked again next time
                continue;
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

    /**
     * The sequential verdict of a running run: its whole rounds so far, in the run's interleaved order, paired with
     * the baseline's prompts. Decided: the verdict is stored with the prompts it read, the run's other prompts are
     * cancelled (and, on a REGRESSION, every other running run of the evaluation: the suite is decided).
     *
     * @return true when the run was decided now
     */
    private boolean sequential(Evaluation e, Suite suite, Evaluation.Run run) {
        Optional<String> baseline = baselineOf(e, run);
        if (baseline.isEmpty() || run.levels() == null || run.orderSeed() == null || run.questionCount() == null) {
            return false; // nothing to pair with: the run goes on to the fixed-size path (INCONCLUSIVE, no baseline)
        }
        List<SequentialVerdict.Check> checks = new ArrayList<>();
        VerdictRule rule = suite.rule();
        Suite.Sequential s = suite.sequential();
        try {
            checks.add(new SequentialVerdict.Check(rule.metric().key(), rule.weights(run.levels()), rule.maxDrop(),
                    s.falseAlarm(), s.missedRegression()));
        } catch (IllegalArgumentException wrongLevels) {
            return false;
        }
        suite.levelMaxDrop().forEach((level, drop) -> checks.add(new SequentialVerdict.Check("level-" + level,
                Map.of(level, 1.0), drop, s.falseAlarm(), s.missedRegression())));
        Map<PromptOrder.Key, AnalyticsClient.PromptOutcome> base;
        try {
            base = baselineOutcomes.computeIfAbsent(baseline.get(), b -> byKey(analytics.promptOutcomes(b)));
        } catch (WebApplicationException notThere) {
            return false;
        }
        Map<PromptOrder.Key, AnalyticsClient.PromptOutcome> candidate = byKey(analytics.promptOutcomes(run.runId()));
        int samples = run.samples() == null ? 1 : run.samples();
        List<PromptOrder.Key> order = PromptOrder.interleaved(run.levels(), run.questionCount(), samples, run.orderSeed());
        int perRound = run.levels().size();
        int totalRounds = run.questionCount() * samples;
        List<Map<Integer, Double>> rounds = new ArrayList<>();
        Map<Integer, double[]> shares = new HashMap<>(); // level -> {baseline sum, candidate sum} over the rounds read
        for (int r = 0; r < totalRounds; r++) {
            Map<Integer, Double> round = new HashMap<>();
            for (PromptOrder.Key k : order.subList(r * perRound, (r + 1) * perRound)) {
                AnalyticsClient.PromptOutcome c = candidate.get(k);
                if (c == null || c.cancelled()) {
                    round = null; // the round is not whole yet: the verdict reads whole rounds only
                    break;
                }
                AnalyticsClient.PromptOutcome b = base.get(k);
                if (b == null || b.cancelled() || (b.questionIds() != null && c.questionIds() != null
                        && !b.questionIds().equals(c.questionIds()))) {
                    LOG.warnf("evaluation %s: run %s and baseline %s do not pair at %s; deciding on the complete runs instead",
                            e.evaluationId(), run.runId(), baseline.get(), k);
                    return false;
                }
                double cs = (double) c.correct() / k.level();
                double bs = (double) b.correct() / k.level();
                round.put(k.level(), cs - bs);
                double[] sum = shares.computeIfAbsent(k.level(), l -> new double[2]);
                sum[0] += bs;
                sum[1] += cs;
            }
            if (round == null) {
                break;
            }
            rounds.add(round);
        }
        SequentialVerdict.Result result = SequentialVerdict.decide(checks, rounds, totalRounds);
        if (!result.decided()) {
            return false;
        }
        int used = result.rounds() * perRound;
        SequentialVerdict.CheckState headline = result.checks().get(0);
        boolean drop = rule.metric() == VerdictRule.Metric.DROP;
        // stored in the metric's own direction (drop: growth is positive), as in fixed mode
        Difference d = new Difference(point(rule, run.levels(), shares, 0, rounds.size()),
                point(rule, run.levels(), shares, 1, rounds.size()), drop ? -headline.estimate() : headline.estimate(),
                drop ? -headline.upper() : headline.lower(), drop ? -headline.lower() : headline.upper(), null, used);
        List<CheckResult> levelChecks = new ArrayList<>();
        for (SequentialVerdict.CheckState c : result.checks().subList(1, result.checks().size())) {
            levelChecks.add(new CheckResult(c.name(), Integer.valueOf(c.name().substring("level-".length())), c.estimate(),
                    c.lower(), c.upper(), c.maxDrop(), c.verdict() == null ? Verdict.INCONCLUSIVE : c.verdict(), null));
        }
        boolean early = result.rounds() < totalRounds;
        String reason = String.format(Locale.ROOT, "sequential: %s %+.2f points, anytime-valid bounds [%.2f, %.2f] after %d of %d "
                        + "prompts (%d rounds) vs run %s; rule: %s; error rates: false alarm %.3f, missed regression %.3f%s",
                rule.metric().key(), d.difference(), d.ciLow(), d.ciHigh(), used, run.promptCount(), result.rounds(),
                baseline.get(), rule.describe(), s.falseAlarm(), s.missedRegression(), describeChecks(levelChecks));
        store.runDecidedSequentially(e.evaluationId(), run.benchmark(), early ? "STOPPING" : "COMPLETE", baseline.get(),
                rule.metric().key(), d, result.verdict(), reason, used, levelChecks);
        LOG.infof("evaluation %s: run %s decided %s after %d of %d prompts", e.evaluationId(), run.runId(),
                result.verdict(), used, run.promptCount());
        if (early) {
            cancel(e, run, "the release gate's sequential verdict (" + result.verdict() + ") was decided after "
                    + used + " prompts; evaluation " + e.evaluationId());
        }
        if (result.verdict() == Verdict.REGRESSION) {
            for (Evaluation.Run other : e.runs()) {
                if (!other.benchmark().equals(run.benchmark()) && "RUNNING".equals(other.status())) {
                    String why = "not needed: " + run.benchmark() + " regressed, so suite " + e.suite() + " did";
                    store.runCancelled(e.evaluationId(), other.benchmark(), why);
                    cancel(e, other, why);
                }
            }
        }
        return true;
    }

    private void cancel(Evaluation e, Evaluation.Run run, String reason) {
        cancellations.cancel(run.runId(), e.endpointId(), run.benchmark(), run.levels(),
                run.questionCount() == null ? 0 : run.questionCount(), run.samples() == null ? 1 : run.samples(),
                run.promptCount() == null ? 0 : run.promptCount(), reason);
    }

    /**
     * A stopping run: once analytics reports it ended (STOPPED_EARLY, or COMPLETE when the cancellation came after the
     * last call), its completed and cancelled prompts are recorded and it counts as ended.
     */
    private boolean stopped(Evaluation e, Evaluation.Run run) {
        JsonNode report = report(run.runId());
        String status = report == null ? "" : report.path("status").asText();
        if (!"STOPPED_EARLY".equals(status) && !"COMPLETE".equals(status)) {
            return false;
        }
        store.runStopped(e.evaluationId(), run.benchmark(), status, report.path("completed").asLong(),
                report.path("cancelled").asLong());
        return true;
    }

    /** The "natural" value of the metric (drop: Single - Stress) over the rounds read, in percent, from the level sums. */
    private static double point(VerdictRule rule, List<Integer> levels, Map<Integer, double[]> shares, int side, int rounds) {
        double higherIsBetter = 0;
        for (var w : rule.weights(levels).entrySet()) {
            double[] sum = shares.get(w.getKey());
            higherIsBetter += w.getValue() * (sum == null || rounds == 0 ? 0 : sum[side] / rounds);
        }
        double v = rule.metric() == VerdictRule.Metric.DROP ? -higherIsBetter : higherIsBetter;
        return Math.round(v * 10_000) / 100.0;
    }

    private static Map<PromptOrder.Key, AnalyticsClient.PromptOutcome> byKey(List<AnalyticsClient.PromptOutcome> outcomes) {
        Map<PromptOrder.Key, AnalyticsClient.PromptOutcome> out = new HashMap<>();
        outcomes.forEach(o -> out.put(new PromptOrder.Key(o.level(), o.groupIndex(), o.sample()), o));
        return out;
    }

    private static String describeChecks(List<CheckResult> checks) {
        StringBuilder sb = new StringBuilder();
        for (CheckResult c : checks) {
            sb.append(String.format(Locale.ROOT, "; level %d %+.2f points [%.2f, %.2f], may fall by %.1f: %s", c.level(),
                    c.difference(), c.ciLow(), c.ciHigh(), c.maxDrop(), c.verdict()));
        }
        return sb.toString();
    }

    private Optional<String> baselineOf(Evaluation e, Evaluation.Run run) {
        return Optional.ofNullable(e.baselineRunId()).filter(b -> !b.isBlank())
                .or(() -> store.baselineRun(e.lineage(), e.suite(), run.benchmark()));
    }

    private void compare(Evaluation e, Suite suite, Evaluation.Run run) {
        String metric = suite == null ? "stress" : suite.rule().metric().key();
        Optional<String> baseline = baselineOf(e, run);
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
            JsonNode comparison = analytics.compare(baseline.get(), run.runId());
            Difference d = HeadlineReader.read(comparison, suite.rule().metric());
            List<Verdict> verdicts = new ArrayList<>(List.of(suite.rule().decide(d)));
            List<CheckResult> checks = new ArrayList<>();
            for (var level : suite.levelMaxDrop().entrySet()) {
                Difference l = HeadlineReader.readLevel(comparison, level.getKey());
                Verdict lv = VerdictRule.decide(l.ciLow(), l.ciHigh(), level.getValue());
                checks.add(new CheckResult("level-" + level.getKey(), level.getKey(), l.difference(), l.ciLow(), l.ciHigh(),
                        level.getValue(), lv, null));
                verdicts.add(lv);
            }
            Verdict v = Verdict.combine(verdicts);
            store.runCompared(e.evaluationId(), run.benchmark(), baseline.get(), metric, d, v, String.format(Locale.ROOT,
                    "%s %+.2f points [%.2f, %.2f] vs run %s; rule: %s%s", metric, d.difference(), d.ciLow(), d.ciHigh(),
                    baseline.get(), suite.rule().describe(), describeChecks(checks)), checks);
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
        String reason = String.join("; ", e.runs().stream().map(r -> r.benchmark() + ": " + r.reason() + accounting(r)).toList());
        close(evaluationId, suite, verdict, reason);
    }

    /** How a stopped run's prompts were spent: those the verdict read, those completed after it, those never called. */
    static String accounting(Evaluation.Run r) {
        if (r.promptsCancelled() == null && r.promptsUsed() == null) {
            return "";
        }
        int completed = r.promptsCompleted() == null ? 0 : r.promptsCompleted();
        int used = r.promptsUsed() == null ? 0 : r.promptsUsed();
        return String.format(Locale.ROOT, "; prompts of run %s: %d planned, %d used by the verdict, %d completed after it "
                        + "(not counted), %d cancelled (never called)", r.runId(), r.promptCount(), used,
                Math.max(0, completed - used), r.promptsCancelled() == null ? 0 : r.promptsCancelled());
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
                        r.verdict() == null ? null : r.verdict().name(), r.reason(),
                        r.checks().stream().map(c -> new VerdictEvent.LevelCheck(c.level(), c.difference(), c.ciLow(),
                                c.ciHigh(), c.maxDrop(), c.verdict().name())).toList(),
                        r.promptsUsed(), r.promptsCancelled())).toList(), Instant.now()));
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
            if (!"COMPLETE".equals(r.status()) || (r.promptsCancelled() != null && r.promptsCancelled() > 0)) {
                throw new Refused("evaluation " + evaluationId + ": run " + r.runId() + " is " + r.status()
                        + " (stopped early); a baseline must have every prompt, so only complete runs can be promoted");
            }
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
