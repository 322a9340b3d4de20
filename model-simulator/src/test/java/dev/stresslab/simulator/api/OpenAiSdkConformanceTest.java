package dev.stresslab.simulator.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.simulator.RestPrompts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the simulator with the official OpenAI Java SDK, with response validation on. */
@QuarkusTest
class OpenAiSdkConformanceTest {

    @TestHTTPResource("/v1")
    URL base;

    OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(base.toString()).apiKey("sk-simulator")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).responseValidation(true).build();
    }

    static List<Question> group() {
        return RestPrompts.group(RestPrompts.benchmark("gsm8k").questions(), 3, 100);
    }

    static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(RestPrompts.math(group()))
                .maxCompletionTokens(30000).seed(11).temperature(0.6);
    }

    static String reasoning(java.util.Map<String, JsonValue> extra) {
        JsonValue v = extra.get("reasoning_content");
        return v == null || v.isNull() ? null : v.convert(String.class);
    }

    @Test
    void chatCompletion() {
        ChatCompletion c = client.chat().completions().create(params("sim-budgeter").build());
        assertEquals("sim-budgeter", c.model());
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        String content = choice.message().content().orElseThrow();
        assertEquals(3, RestPrompts.boxed(content).size());
        String reasoning = reasoning(choice.message()._additionalProperties());
        assertTrue(reasoning != null && reasoning.contains("reasoning tokens"));
        CompletionUsage usage = c.usage().orElseThrow();
        long reasoningTokens = usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow();
        long[] perQ = RestPrompts.reasoningTokensByPosition(reasoning, 3);
        assertEquals(perQ[0] + perQ[1] + perQ[2], reasoningTokens);
        assertTrue(usage.completionTokens() > reasoningTokens);
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
    }

    @Test
    void chatCompletionStreaming() {
        ChatCompletion whole = client.chat().completions().create(params("sim-budgeter").build());
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<String> finish = new ArrayList<>();
        AtomicReference<CompletionUsage> usage = new AtomicReference<>();
        ChatCompletionCreateParams streaming = params("sim-budgeter")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streaming)) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usage::set);
                for (ChatCompletionChunk.Choice ch : chunk.choices()) {
                    ch.delta().content().ifPresent(content::append);
                    String r = reasoning(ch.delta()._additionalProperties());
                    if (r != null) {
                        reasoning.append(r);
                    }
                    ch.finishReason().ifPresent(f -> finish.add(f.asString()));
                }
            });
        }
        assertEquals(whole.choices().get(0).message().content().orElseThrow(), content.toString());
        assertEquals(reasoning(whole.choices().get(0).message()._additionalProperties()), reasoning.toString());
        assertEquals(List.of("stop"), finish);
        assertEquals(whole.usage().orElseThrow().completionTokens(), usage.get().completionTokens());
        assertEquals(whole.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens(),
                usage.get().completionTokensDetails().orElseThrow().reasoningTokens());
    }

    @Test
    void thinkTagsAndTruncationThroughTheSdk() {
        ChatCompletion cut = client.chat().completions().create(params("sim-overthinker").maxCompletionTokens(200).build());
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, cut.choices().get(0).finishReason());
        String content = cut.choices().get(0).message().content().orElseThrow();
        assertTrue(content.startsWith("<think>") && !content.contains("</think>"));
        assertEquals(200, cut.usage().orElseThrow().completionTokens());
    }

    @Test
    void legacyCompletionsAndModels() {
        Completion c = client.completions().create(CompletionCreateParams.builder().model("sim-hidden")
                .prompt(RestPrompts.math(group())).maxTokens(30000).seed(3).build());
        assertEquals(3, RestPrompts.boxed(c.choices().get(0).text()).size());
        assertTrue(c.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow() > 0);
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertTrue(ids.containsAll(List.of("sim-budgeter", "sim-overthinker")), ids.toString());
    }

    @Test
    void faultsSurfaceAsSdkExceptions() {
        OpenAIClient rateLimited = client.withOptions(o -> o.putHeader("X-Sim-Fault", "429"));
        RateLimitException e = assertThrows(RateLimitException.class,
                () -> rateLimited.chat().completions().create(params("sim-budgeter").build()));
        assertEquals(429, e.statusCode());
        assertEquals(List.of("2"), e.headers().values("Retry-After"));
        OpenAIClient failing = client.withOptions(o -> o.putHeader("X-Sim-Fault", "500"));
        assertThrows(InternalServerException.class, () -> failing.chat().completions().create(params("sim-budgeter").build()));
    }
}
