package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletedPromptsTest {

    @Test
    void remembersPromptIdsPerRun() {
        CompletedPrompts done = new CompletedPrompts(Duration.ofDays(1), 10);
        assertTrue(done.add("run-a", "run-a/gsm8k/L1/G0/S0", 1_000));
        assertFalse(done.add("run-a", "run-a/gsm8k/L1/G0/S0", 1_000), "already there");
        done.add("run-b", "other-id", 1_000);
        assertTrue(done.contains("run-a", "run-a/gsm8k/L1/G0/S0"));
        assertFalse(done.contains("run-a", "run-a/gsm8k/L1/G1/S0"));
        assertFalse(done.contains("run-b", "run-a/gsm8k/L1/G0/S0"));
        assertTrue(done.contains("run-b", "other-id"));
        assertEquals(2, done.size());
    }

    @Test
    void forgetsIdleRunsAndTheLeastRecentlyUsedBeyondTheCap() {
        CompletedPrompts done = new CompletedPrompts(Duration.ofMillis(100), 2);
        done.add("old", "old/1", 0);
        done.add("new", "new/1", 500);
        assertEquals(1, done.evict(550));
        assertFalse(done.contains("old", "old/1"));
        assertTrue(done.contains("new", "new/1"));

        done.add("x", "x/1", 600);
        done.contains("new", "new/1"); // touched
        done.add("y", "y/1", 600); // third run: x, the least recently used, goes
        assertEquals(2, done.runs());
        assertFalse(done.contains("x", "x/1"));
        assertTrue(done.contains("new", "new/1"));
        assertEquals(2, done.size());
    }

    @Test
    void forgetsTheLeastRecentlyUsedRunsBeyondTheCapOnIdsButNeverTheRunBeingAddedTo() {
        CompletedPrompts done = new CompletedPrompts(Duration.ofDays(1), 100, 4);
        done.add("a", "a/1", 0);
        done.add("a", "a/2", 0);
        done.add("b", "b/1", 0);
        done.add("c", "c/1", 0);
        assertEquals(4, done.size());
        done.add("c", "c/2", 0); // 5 ids: a (2 ids, least recently used) goes
        assertFalse(done.contains("a", "a/1"));
        assertEquals(3, done.size());
        assertEquals(2, done.runs());

        for (int i = 3; i <= 6; i++) {
            done.add("c", "c/" + i, 0); // c alone outgrows the cap: b goes, c stays whole
        }
        assertFalse(done.contains("b", "b/1"));
        assertTrue(done.contains("c", "c/1"));
        assertEquals(6, done.size());
        assertEquals(1, done.runs());
    }
}
