package dev.stresslab.coderunner.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.coderunner.sandbox.Sandbox;
import dev.stresslab.coderunner.sandbox.SandboxLimits;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** code-runner on a real broker: code jobs in, completed score events out (keyed by run), executed in the sandbox. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class CodeJobConsumerKafkaTest extends KafkaTestSupport {
    static final String SUM = "n = int(input())\na = list(map(int, input().split()))\nprint(sum(a))";

    @BeforeAll
    static void needsBubblewrap() {
        String reason = Sandbox.unavailableReason(SandboxLimits.defaults());
        assumeTrue(reason == null, () -> "skipped: " + reason);
    }

    static CodeJob job(String runId, int group, List<String> ids, List<String> programs) {
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            verdicts.add(new QuestionVerdict(i + 1, ids.get(i), ids.get(i), programs.get(i).isEmpty() ? null : programs.get(i),
                    false, programs.get(i).isEmpty(), 10, List.of()));
        }
        ScoreEvent partial = new ScoreEvent(ScoreEvent.SCHEMA_VERSION, runId, runId + "/livecodebench/L" + ids.size()
                + "/G" + group + "/S0", "sim", "livecodebench", ids.size(), group, 0, ScoreEvent.Outcome.SCORED, null,
                "stop", false, new Usage(10, 30, 20), 100, verdicts, null,
                new Transcript(String.join("\n", programs), null, List.of(), false, false));
        return new CodeJob(CodeJob.SCHEMA_VERSION, partial, programs);
    }

    @Test
    void eachSlotRunsAgainstItsProblemsTestsAndTheScoreCarriesTheOutcome() {
        String runId = "run-" + UUID.randomUUID();
        CodeJob first = job(runId, 0, List.of("fxa101_a", "9001", "fxa102_a"), List.of(SUM,
                "class Solution:\n    def sumOfEvens(self, nums):\n        return sum(nums)", ""));
        kafka.send(Topics.CODE_JOBS, runId, first);
        kafka.send(Topics.CODE_JOBS, runId, "{not json");
        kafka.send(Topics.CODE_JOBS, runId, job(runId, 1, List.of("no-such-problem"), List.of("print(1)")));
        kafka.send(Topics.CODE_JOBS, runId, first); // redelivered: the same score again, not a second execution

        List<ConsumerRecord<String, JsonNode>> scores = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 3,
                Duration.ofSeconds(60));
        assertEquals(3, scores.size());
        JsonNode a = scores.get(0).value();
        assertEquals("SCORED", a.path("outcome").asText());
        JsonNode q = a.path("questions");
        assertTrue(q.get(0).path("correct").asBoolean());
        assertTrue(q.get(0).path("flags").toString().contains("exec-passed"));
        assertFalse(q.get(1).path("correct").asBoolean());
        assertTrue(q.get(1).path("flags").toString().contains("exec-wrong-answer"), q.get(1).toString());
        assertTrue(q.get(2).path("flags").toString().contains("exec-no-code"));
        assertTrue(q.get(2).path("omitted").asBoolean());
        assertEquals(String.join("\n", first.programs()), a.path("transcript").path("content").asText(),
                "the scorer's transcript reaches the final score");
        JsonNode unknown = scores.get(1).value();
        assertTrue(unknown.path("questions").get(0).path("flags").toString().contains("exec-infra-error"));
        assertEquals(a, scores.get(2).value(), "a redelivered job gets the same score");
    }
}
