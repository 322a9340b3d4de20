package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvalVerdictTest {

    private static JsonNode evaluation(String status, String verdict, String runVerdict) throws Exception {
        return GateClient.JSON.readTree("""
                {"evaluationId":"eval-1","suite":"rest-quick","suiteVersion":1,"endpointId":"sim-<x>","status":"%s",
                 "verdict":%s,"reason":"stress -10 < -2 & worse","runs":[{"benchmark":"gsm8k","runId":"run-1",
                 "baselineRunId":"run-0","metric":"stress","base":90.0,"candidate":80.0,"difference":-10.0,"ciLow":-14.0,
                 "ciHigh":-6.0,"pValue":0.001,"verdict":%s,"status":"COMPLETE","reason":"stress \\"fell\\""}]}"""
                .formatted(status, verdict == null ? "null" : "\"" + verdict + "\"", runVerdict == null ? "null" : "\"" + runVerdict + "\""));
    }

    @Test
    void exitCodesFollowTheVerdict() throws Exception {
        assertEquals(0, EvalVerdict.exitCode(evaluation("DECIDED", "PASS", "PASS"), 2));
        assertEquals(1, EvalVerdict.exitCode(evaluation("DECIDED", "REGRESSION", "REGRESSION"), 2));
        assertEquals(2, EvalVerdict.exitCode(evaluation("DECIDED", "INCONCLUSIVE", "INCONCLUSIVE"), 2));
        assertEquals(0, EvalVerdict.exitCode(evaluation("DECIDED", "INCONCLUSIVE", "INCONCLUSIVE"), 0), "configurable");
        assertEquals(2, EvalVerdict.exitCode(evaluation("ERROR", null, null), 0), "an error is never a pass");
        assertEquals(2, EvalVerdict.exitCode(evaluation("REFUSED", null, null), 0));
    }

    @Test
    void junitXmlIsWellFormedAndCountsTheOutcome() throws Exception {
        Document regression = parse(EvalVerdict.junitXml(evaluation("DECIDED", "REGRESSION", "REGRESSION")));
        assertEquals("1", regression.getDocumentElement().getElementsByTagName("testsuite").item(0).getAttributes().getNamedItem("failures").getNodeValue());
        assertEquals(1, regression.getElementsByTagName("failure").getLength());
        Document inconclusive = parse(EvalVerdict.junitXml(evaluation("DECIDED", "INCONCLUSIVE", "INCONCLUSIVE")));
        assertEquals(1, inconclusive.getElementsByTagName("skipped").getLength());
        Document error = parse(EvalVerdict.junitXml(evaluation("ERROR", null, null)));
        assertEquals(1, error.getElementsByTagName("error").getLength());
        Document pass = parse(EvalVerdict.junitXml(evaluation("DECIDED", "PASS", "PASS")));
        assertEquals(0, pass.getElementsByTagName("failure").getLength() + pass.getElementsByTagName("error").getLength());
        assertEquals("gsm8k on sim-<x>", pass.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("name").getNodeValue());
    }

    @Test
    void theTableSaysHowASequentialRunSpentItsPromptsAndShowsLevelChecks() throws Exception {
        JsonNode e = GateClient.JSON.readTree("""
                {"evaluationId":"eval-2","suite":"seq","suiteVersion":1,"endpointId":"c","status":"DECIDED","verdict":"REGRESSION",
                 "runs":[{"benchmark":"gsm8k","runId":"run-2","promptCount":300,"status":"STOPPED_EARLY","verdict":"REGRESSION",
                 "promptsUsed":96,"promptsCompleted":116,"promptsCancelled":184,
                 "checks":[{"level":3,"maxDrop":5.0,"difference":-12.5,"ciLow":-20.0,"ciHigh":-6.25,"verdict":"REGRESSION"}]}]}""");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        EvalVerdict.printTable(e, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(table.contains(
                "  sequential: decided after 96 of 300 prompts; 116 completed, 184 cancelled (STOPPED_EARLY)"), table);
        org.junit.jupiter.api.Assertions.assertTrue(table.contains("  level 3   may fall by 5.0 pt: -12.50 [-20.00, -6.25] REGRESSION"), table);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
