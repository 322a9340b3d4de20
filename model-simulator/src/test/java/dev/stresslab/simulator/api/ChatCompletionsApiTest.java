package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.simulator.RestPrompts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ChatCompletionsApiTest {

    static List<Question> gsm8k(int level, int index) {
        return RestPrompts.group(RestPrompts.benchmark("gsm8k").questions(), level, index);
    }

    @Test
    void listsModels() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("sim-budgeter", "sim-overthinker", "sim-hidden"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("stress-lab"));
        given().get("/v1/models/sim-budgeter").then().statusCode(200).body("id", equalTo("sim-budgeter"));
        given().get("/v1/models/nope").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void chatAnswersEachQuestionWithReasoningAndUsage() {
        List<Question> group = gsm8k(3, 10);
        ObjectNode body = SimApi.chat("sim-budgeter", RestPrompts.math(group)).put("seed", 1).put("max_tokens", 30000);
        JsonPath r = given().contentType(ContentType.JSON).body(body.toString())
                .post("/v1/chat/completions").then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("sim-budgeter"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("choices[0].message.role", equalTo("assistant"))
                .extract().jsonPath();
        String content = r.getString("choices[0].message.content");
        String reasoning = r.getString("choices[0].message.reasoning_content");
        assertEquals(3, RestPrompts.boxed(content).size(), content);
        assertTrue(content.contains("Answer to Q3: "));
        assertFalse(content.contains("<think>"));
        long[] perQuestion = RestPrompts.reasoningTokensByPosition(reasoning, 3);
        int reasoningTokens = r.getInt("usage.completion_tokens_details.reasoning_tokens");
        assertEquals(reasoningTokens, perQuestion[0] + perQuestion[1] + perQuestion[2]);
        // the ground-truth extension field says the same
        assertEquals(List.of((int) perQuestion[0], (int) perQuestion[1], (int) perQuestion[2]),
                r.getList("choices[0].stresslab_ground_truth.reasoning_tokens_per_question", Integer.class));
        assertEquals(0, r.getInt("choices[0].stresslab_ground_truth.unattributed_reasoning_tokens"));
        int completion = r.getInt("usage.completion_tokens");
        assertTrue(completion > reasoningTokens);
        assertEquals(r.getInt("usage.prompt_tokens") + completion, r.getInt("usage.total_tokens"));
        int promptTokens = r.getInt("usage.prompt_tokens");
        int chars = RestPrompts.math(group).length();
        assertTrue(promptTokens >= chars / 4 && promptTokens <= chars / 4 + 20, "prompt tokens ~ chars/4: " + promptTokens);

        // Deterministic for a given seed.
        String again = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/chat/completions")
                .then().statusCode(200).extract().jsonPath().getString("choices[0].message.content");
        assertEquals(content, again);
    }

    @Test
    void thinkTagModelPutsReasoningInline() {
        ObjectNode body = SimApi.chat("sim-overthinker", RestPrompts.math(gsm8k(1, 3))).put("max_tokens", 30000);
        JsonPath r = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.reasoning_content", nullValue()).extract().jsonPath();
        String content = r.getString("choices[0].message.content");
        assertTrue(content.startsWith("<think>\n"), content);
        assertTrue(content.contains("</think>\n\nAnswer to Q1: "), content);
        // The style can be overridden per request.
        given().contentType(ContentType.JSON).header("X-Sim-Style", "hidden").body(body.toString()).post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", containsString("Answer to Q1"))
                .body("choices[0].message.content", org.hamcrest.Matchers.not(containsString("think>")));
    }

    @Test
    void streamingSendsReasoningDeltasContentDeltasUsageAndDone() {
        List<Question> group = gsm8k(2, 20);
        ObjectNode body = SimApi.chat("sim-budgeter", RestPrompts.math(group)).put("seed", 5).put("max_tokens", 30000)
                .put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        String sse = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/chat/completions")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        assertTrue(sse.startsWith("data: {"));
        assertTrue(sse.endsWith("data: [DONE]\n\n"));
        List<JsonNode> events = SimApi.events(sse);
        assertNull(events.get(events.size() - 1), "[DONE] last");
        JsonNode first = events.get(0);
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        JsonNode usageChunk = events.get(events.size() - 2);
        assertTrue(usageChunk.get("choices").isArray() && usageChunk.get("choices").isEmpty());
        JsonNode finish = events.get(events.size() - 3);
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());

        // The streamed text equals the non-streamed one.
        body.put("stream", false);
        JsonPath whole = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/chat/completions")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(whole.getString("choices[0].message.content"), SimApi.joined(events, "content"));
        assertEquals(whole.getString("choices[0].message.reasoning_content"), SimApi.joined(events, "reasoning_content"));
        assertEquals(whole.getInt("usage.completion_tokens"), usageChunk.at("/usage/completion_tokens").asInt());
        assertEquals(whole.getInt("usage.completion_tokens_details.reasoning_tokens"),
                usageChunk.at("/usage/completion_tokens_details/reasoning_tokens").asInt());

        // Without include_usage: no usage chunk.
        body.put("stream", true).remove("stream_options");
        List<JsonNode> noUsage = SimApi.events(given().contentType(ContentType.JSON).body(body.toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());
        assertTrue(noUsage.stream().filter(e -> e != null).allMatch(e -> e.get("usage") == null && e.get("choices").size() == 1));
    }

    @Test
    void completionsEndpointTakesARawPrompt() {
        String prompt = "<|im_start|>user\n" + RestPrompts.math(gsm8k(2, 30)) + "<|im_end|>\n<|im_start|>assistant\n<think>\n";
        ObjectNode body = SimApi.JSON.createObjectNode().put("model", "sim-budgeter").put("prompt", prompt)
                .put("max_tokens", 30000).put("seed", 3);
        JsonPath r = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/completions")
                .then().statusCode(200).body("object", equalTo("text_completion"))
                .body("choices[0].finish_reason", equalTo("stop")).extract().jsonPath();
        String text = r.getString("choices[0].text");
        assertFalse(text.contains("<think>"), "the template opened <think>, so only the closing tag appears");
        assertTrue(text.contains("</think>"));
        assertEquals(2, RestPrompts.boxed(text).size());
        assertTrue(r.getInt("usage.completion_tokens_details.reasoning_tokens") > 0);

        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        List<JsonNode> events = SimApi.events(given().contentType(ContentType.JSON).body(body.toString())
                .post("/v1/completions").then().statusCode(200).extract().asString());
        StringBuilder streamed = new StringBuilder();
        events.stream().filter(e -> e != null && !e.get("choices").isEmpty())
                .forEach(e -> streamed.append(e.at("/choices/0/text").asText()));
        assertEquals(text, streamed.toString());
        assertEquals(r.getInt("usage.completion_tokens"), events.get(events.size() - 2).at("/usage/completion_tokens").asInt());
    }

    @Test
    void smallMaxTokensCutsTheOutput() {
        ObjectNode body = SimApi.chat("sim-budgeter", RestPrompts.math(gsm8k(3, 40))).put("max_completion_tokens", 300);
        given().contentType(ContentType.JSON).body(body.toString()).post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("length"))
                .body("choices[0].message.content", nullValue())
                .body("usage.completion_tokens", equalTo(300))
                .body("usage.completion_tokens_details.reasoning_tokens", equalTo(300))
                .body("choices[0].message.reasoning_content", containsString("300 reasoning tokens"));
    }

    @Test
    void badRequestsGetOpenAiShapedErrors() {
        given().contentType(ContentType.JSON).body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("model"))
                .body("error.message", containsString("model"));
        given().contentType(ContentType.JSON).body(SimApi.chat("gpt-nope", "hi").toString())
                .post("/v1/chat/completions").then().statusCode(400).body("error.code", equalTo("model_not_found"));
        given().contentType(ContentType.JSON).body("{\"model\":\"sim-budgeter\"}")
                .post("/v1/chat/completions").then().statusCode(400).body("error.param", equalTo("messages"));
        given().contentType(ContentType.JSON).body("{\"model\":\"sim-budgeter\",").post("/v1/chat/completions")
                .then().statusCode(400).body("error.code", equalTo("invalid_json"));
        given().contentType(ContentType.JSON).body("{\"model\":\"sim-budgeter\"}").post("/v1/completions")
                .then().statusCode(400).body("error.param", equalTo("prompt"));
        given().contentType(ContentType.JSON).body(SimApi.chat("sim-budgeter", "hi").put("max_tokens", 0).toString())
                .post("/v1/chat/completions").then().statusCode(400).body("error.param", equalTo("max_tokens"));
        given().contentType(ContentType.JSON).body(SimApi.chat("sim-budgeter", "hi").put("max_tokens", 200000).toString())
                .post("/v1/chat/completions").then().statusCode(400).body("error.code", equalTo("context_length_exceeded"));
        given().contentType(ContentType.JSON).header("X-Sim-Fault", "teapot").body(SimApi.chat("sim-budgeter", "hi").toString())
                .post("/v1/chat/completions").then().statusCode(400).body("error.param", equalTo("X-Sim-Fault"));
        given().get("/v1/nothing-here").then().statusCode(404);
    }

    @Test
    void healthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model-simulator' }.data.knownQuestions", org.hamcrest.Matchers.greaterThan(2000));
        given().contentType(ContentType.JSON).body(SimApi.chat("sim-hidden", "Q1: What is 1+1?\n\n\nAnswer the above").toString())
                .post("/v1/chat/completions").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("simulator_requests_total{endpoint=\"chat\",model=\"sim-hidden\",outcome=\"ok\"}"))
                .body(containsString("simulator_completion_tokens_count{model=\"sim-hidden\"}"));
    }

    @Test
    void theExtractorProfileReadsTheOutputItIsGiven() {
        String prompt = "Extract the final answers.\n\n<Questions Begin>: \nQ1: a?\n\nQ2: b?\n\n\n<Questions End>\n\n\n"
                + "<Predictions Begin>: \nAnswer to Q1: ANSWER: \\boxed{C}\n<Predictions End>\n\n\n\nExtract the final answers.";
        String content = given().contentType(ContentType.JSON).body(SimApi.chat("sim-extractor", prompt).toString())
                .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath()
                .getString("choices[0].message.content");
        assertEquals("Answer to Q1: \\boxed{C}\nAnswer to Q2: \\boxed{None}", content);
    }
}
