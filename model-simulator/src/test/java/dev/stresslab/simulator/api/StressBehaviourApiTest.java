package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.benchmarks.Question;
import dev.stresslab.simulator.RestPrompts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST-method behaviour in aggregate, over HTTP, on real GSM8K questions. */
@QuarkusTest
class StressBehaviourApiTest {
    static final int PROMPTS = 200;

    static JsonPath ask(String model, List<Question> group, Integer maxTokens, String style) {
        ObjectNode body = SimApi.chat(model, RestPrompts.math(group)).put("temperature", 0.6);
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        var req = given().contentType(ContentType.JSON).body(body.toString());
        if (style != null) {
            req = req.header("X-Sim-Style", style);
        }
        return req.post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
    }

    /** Accuracy over all slots (REST: correct answers / (N × s)) with REST's positional rule. */
    static double accuracy(String model, int level) {
        List<Question> qs = RestPrompts.benchmark("gsm8k").questions();
        int right = 0;
        for (int i = 0; i < PROMPTS; i++) {
            List<Question> group = RestPrompts.group(qs, level, i);
            List<String> boxes = RestPrompts.boxed(ask(model, group, null, "hidden").getString("choices[0].message.content"));
            for (int j = 0; j < level; j++) {
                if (j < boxes.size() && boxes.get(j).equals(group.get(j).gold())) {
                    right++;
                }
            }
        }
        return (double) right / (PROMPTS * level);
    }

    @Test
    void accuracyFallsWithStressAndMoreForTheOverthinker() {
        double b1 = accuracy("sim-budgeter", 1);
        double b6 = accuracy("sim-budgeter", 6);
        double o1 = accuracy("sim-overthinker", 1);
        double o6 = accuracy("sim-overthinker", 6);
        System.out.printf("accuracy budgeter %.3f -> %.3f, overthinker %.3f -> %.3f%n", b1, b6, o1, o6);
        assertTrue(b1 > 0.9, "budgeter level 1: " + b1);
        assertTrue(b1 - b6 > 0.02, "budgeter: level 1 " + b1 + " must beat level 6 " + b6);
        assertTrue(o1 - o6 > 0.2, "overthinker: level 1 " + o1 + " vs level 6 " + o6);
        assertTrue(o1 - o6 > (b1 - b6) + 0.1, "the overthinker must drop more");
    }

    /** Mean share of reasoning tokens spent on Q1, and mean Q1 tokens, at a level (no truncation). */
    static double[] q1Share(String model, int level) {
        List<Question> qs = RestPrompts.benchmark("gsm8k").questions();
        double share = 0;
        double q1 = 0;
        int n = 40;
        for (int i = 0; i < n; i++) {
            JsonPath r = ask(model, RestPrompts.group(qs, level, i * 7), 120_000, "reasoning-content");
            long[] perQ = RestPrompts.reasoningTokensByPosition(r.getString("choices[0].message.reasoning_content"), level);
            long total = 0;
            for (long t : perQ) {
                total += t;
            }
            share += (double) perQ[0] / total;
            q1 += perQ[0];
        }
        return new double[]{share / n, q1 / n};
    }

    @Test
    void budgeterSpendsLessOnQ1UnderStressOverthinkerMore() {
        double[] b1 = q1Share("sim-budgeter", 1);
        double[] b6 = q1Share("sim-budgeter", 6);
        double[] o1 = q1Share("sim-overthinker", 1);
        double[] o6 = q1Share("sim-overthinker", 6);
        System.out.printf("Q1 share at level 6: budgeter %.2f, overthinker %.2f; Q1 tokens budgeter %.0f -> %.0f, overthinker %.0f -> %.0f%n",
                b6[0], o6[0], b1[1], b6[1], o1[1], o6[1]);
        assertTrue(b6[0] < 0.3, "budgeter Q1 share " + b6[0]);
        assertTrue(o6[0] > 0.45, "overthinker Q1 share " + o6[0]);
        assertTrue(b6[1] < 0.7 * b1[1], "budgeter adapts: fewer Q1 tokens under stress");
        assertTrue(o6[1] > 2 * o1[1], "overthinker spends more on Q1 under stress");
    }

    @Test
    void overthinkerIsTruncatedUnderStressAtTheDefaultBudget() {
        List<Question> qs = RestPrompts.benchmark("gsm8k").questions();
        int cut1 = 0;
        int cut9 = 0;
        for (int i = 0; i < 30; i++) {
            if ("length".equals(ask("sim-overthinker", RestPrompts.group(qs, 1, i), null, null).getString("choices[0].finish_reason"))) {
                cut1++;
            }
            if ("length".equals(ask("sim-overthinker", RestPrompts.group(qs, 9, i), null, null).getString("choices[0].finish_reason"))) {
                cut9++;
            }
        }
        assertTrue(cut1 == 0, "level 1 never cut at 32768 tokens: " + cut1);
        assertTrue(cut9 >= 25, "level 9 mostly cut: " + cut9);
    }
}
