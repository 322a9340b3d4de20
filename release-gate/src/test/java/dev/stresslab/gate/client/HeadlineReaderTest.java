package dev.stresslab.gate.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.gate.domain.Difference;
import dev.stresslab.gate.domain.VerdictRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadlineReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheMetricOfTheHeadline() throws Exception {
        Difference d = HeadlineReader.read(JSON.readTree("""
                {"comparable":true,"headline":{"stress":{"base":80.5,"candidate":70.25,"difference":-10.25,"ciLow":-13.5,
                "ciHigh":-7.0,"pValue":0.001,"questions":40},"single":{"difference":0,"ciLow":-1,"ciHigh":1}}}"""),
                VerdictRule.Metric.STRESS);
        assertEquals(new Difference(80.5, 70.25, -10.25, -13.5, -7.0, 0.001, 40), d);
    }

    @Test
    void notComparableRunsAreSaidSo() {
        var e = assertThrows(HeadlineReader.NotComparable.class, () -> HeadlineReader.read(JSON.readTree(
                "{\"comparable\":false,\"reason\":\"different max tokens\"}"), VerdictRule.Metric.STRESS));
        assertTrue(e.getMessage().contains("different max tokens"));
    }

    @Test
    void aMissingHeadlineOrNumberIsAnErrorNeverAVerdict() {
        assertThrows(HeadlineReader.MissingHeadline.class, () -> HeadlineReader.read(JSON.readTree("{\"result\":{}}"), VerdictRule.Metric.STRESS));
        assertThrows(HeadlineReader.MissingHeadline.class, () -> HeadlineReader.read(JSON.readTree(
                "{\"headline\":{\"stress\":{\"difference\":-3,\"ciLow\":null,\"ciHigh\":1}}}"), VerdictRule.Metric.STRESS));
    }
}
