package dev.stresslab.composer.api;

import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.composer.client.GatewayClient;
import dev.stresslab.composer.client.ReferenceRuns;
import dev.stresslab.composer.config.ComposerConfig;
import dev.stresslab.composer.data.BenchmarkLibrary;
import dev.stresslab.composer.domain.ComposedRun;
import dev.stresslab.composer.domain.QuestionDifficulty;
import dev.stresslab.composer.domain.QuestionOrder;
import dev.stresslab.composer.domain.RunOptions;
import dev.stresslab.composer.domain.RunPlanner;
import dev.stresslab.composer.domain.StressPlan;
import dev.stresslab.composer.domain.SystemPromptPolicy;
import dev.stresslab.composer.messaging.RunPublisher;
import dev.stresslab.contracts.PromptOrder;
import dev.stresslab.contracts.RunSpec;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Creates stress runs. A request that fails validation creates nothing. */
@Path("/runs")
public class RunResource {
    private final BenchmarkLibrary library;
    private final GatewayClient gateway;
    private final RunPublisher publisher;
    private final ComposerConfig config;
    private final ReferenceRuns referenceRuns;
    private final SystemPromptPolicy systemPrompts;

    public RunResource(BenchmarkLibrary library, @RestClient GatewayClient gateway, RunPublisher publisher,
                       ComposerConfig config, ReferenceRuns referenceRuns) {
        this.library = library;
        this.gateway = gateway;
        this.publisher = publisher;
        this.config = config;
        this.referenceRuns = referenceRuns;
        SystemPromptPolicy policy = config.restSystemPromptRule() ? SystemPromptPolicy.restDefaults() : SystemPromptPolicy.none();
        for (var e : config.systemPrompts().entrySet()) {
            policy = policy.withModel(e.getKey(), e.getValue());
        }
        this.systemPrompts = policy.withDefault(config.defaultSystemPrompt().orElse(null));
    }

    @POST
    @Blocking // reads benchmark files on first use
    public Uni<Response> create(RunRequest request) {
        if (request == null || request.benchmark() == null || request.benchmark().isBlank()) {
            throw new BadRunRequestException("'benchmark' is required; known: " + library.names(), "benchmark");
        }
        RunRequestFields.check(request);
        if (request.modelId() == null || request.modelId().isBlank()) {
            throw new BadRunRequestException("'modelId' is required: the id of an endpoint registered in the gateway", "modelId");
        }
        Benchmark benchmark = library.find(request.benchmark()).orElseThrow(() -> new BadRunRequestException(
                "unknown benchmark '" + request.benchmark() + "'; known: " + library.names(), "benchmark"));
        if (!PromptOrder.known(request.promptOrder())) {
            throw new BadRunRequestException("'promptOrder' must be " + PromptOrder.LEVEL_BY_LEVEL + " or "
                    + PromptOrder.INTERLEAVED + ", was '" + request.promptOrder() + "'", "promptOrder");
        }
        String runId = newRunId();
        RunOptions options = request.options();
        StressPlan stressPlan = RunPlanner.plan(options, benchmark, systemPrompts, config.maxPromptsPerRun(), difficulty(options));
        Long orderSeed = PromptOrder.INTERLEAVED.equals(request.promptOrder())
                ? (request.orderSeed() != null ? request.orderSeed() : new java.security.SecureRandom().nextLong()) : null;
        ComposedRun plan = ComposedRun.of(runId, request.modelId(), stressPlan, request.generation(), orderSeed);
        RunSpec spec = options.toSpec(benchmark.name(), stressPlan)
                .withOrder(orderSeed == null ? null : PromptOrder.INTERLEAVED, orderSeed);
        return registeredModels()
                .invoke(ids -> {
                    if (!ids.contains(request.modelId())) {
                        throw new BadRunRequestException("model '" + request.modelId()
                                + "' is not registered in the gateway; registered: " + ids, "modelId");
                    }
                })
                .chain(ids -> publisher.publish(plan, spec))
                .map(done -> Response.created(URI.create("/runs/" + runId))
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new RunAccepted(runId, plan.modelId(), benchmark.name(), stressPlan.levels(),
                                stressPlan.questions().size(), stressPlan.samples(), plan.prompts().size()))
                        .build());
    }

    /** The reference run's per-question accuracy when the order needs one (the planner checks the rest). */
    private QuestionDifficulty difficulty(RunOptions options) {
        boolean ordered = QuestionOrder.parse(options.questionOrder()) != QuestionOrder.DATASET;
        return ordered && options.difficultyFrom() != null ? referenceRuns.difficulty(options.difficultyFrom()) : null;
    }

    private Uni<List<String>> registeredModels() {
        return gateway.endpoints()
                .ifNoItem().after(Duration.ofSeconds(10)).fail()
                .map(list -> list.stream().map(GatewayClient.EndpointInfo::id).toList())
                .onFailure(f -> !(f instanceof BadRunRequestException))
                .transform(f -> new GatewayUnavailableException("cannot reach the inference gateway's endpoint registry: "
                        + f.getClass().getSimpleName(), f));
    }

    static String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }
}
