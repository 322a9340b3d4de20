package dev.stresslab.analytics.domain;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.RunSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparabilityTest {
    static RunEvent publishing(double temperature, Long seed, String system) {
        RunSpec spec = new RunSpec("gsm8k", "m", List.of(1, 3), 20, null, 1, system,
                new GenerationSettings(temperature, 0.95, 32_768, seed));
        return new RunEvent(1, RunEvent.Type.PUBLISHING, "r", "m", "gsm8k", List.of(1, 3), 20, 1, 40, Instant.now(), spec, null);
    }

    @Test
    void theSeedDoesNotMatterButTemperatureAndSystemPromptDo() {
        String a = Comparability.settingsKey(publishing(0.6, 1L, "Answer each question."));
        assertEquals(a, Comparability.settingsKey(publishing(0.6, 2L, "Answer each question.")));
        String hotter = Comparability.settingsKey(publishing(0.8, 1L, "Answer each question."));
        String otherPrompt = Comparability.settingsKey(publishing(0.6, 1L, "Think step by step."));
        Comparability.Verdict v = Comparability.check(new Comparability.RunSettings("a", "gsm8k", List.of(1, 3), a),
                new Comparability.RunSettings("b", "gsm8k", List.of(3, 1), hotter));
        assertFalse(v.comparable());
        assertTrue(v.reason().startsWith("different settings: temperature=0.6"), v.reason());
        assertFalse(a.equals(otherPrompt));
        assertTrue(Comparability.check(new Comparability.RunSettings("a", "gsm8k", List.of(1, 3), a),
                new Comparability.RunSettings("b", "gsm8k", List.of(3, 1), a)).comparable(), "level order does not matter");
    }

    @Test
    void benchmarkAndLevelsMustMatch() {
        assertEquals("different benchmarks: gsm8k vs math500", Comparability.check(
                new Comparability.RunSettings("a", "gsm8k", List.of(1, 3), null),
                new Comparability.RunSettings("b", "math500", List.of(1, 3), null)).reason());
        assertEquals("different stress levels: [1, 3] vs [1, 3, 5]", Comparability.check(
                new Comparability.RunSettings("a", "gsm8k", List.of(1, 3), null),
                new Comparability.RunSettings("b", "gsm8k", List.of(1, 3, 5), null)).reason());
        assertNull(Comparability.settingsKey(new RunEvent(1, RunEvent.Type.COMPOSED, "r", "m", "gsm8k", List.of(1), 1, 1, 1,
                Instant.now())), "no spec, no key");
    }
}
