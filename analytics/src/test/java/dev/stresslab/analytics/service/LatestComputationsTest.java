package dev.stresslab.analytics.service;

import dev.stresslab.analytics.persistence.RunVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatestComputationsTest {
    private static LatestComputations.Computed<String> at(long results) {
        return new LatestComputations.Computed<>(new RunVersion("r", "COMPOSED", 10, results), "v" + results,
                Instant.EPOCH, 0, 0);
    }

    @Test
    void aSlowerComputationOfAnOlderVersionDoesNotReplaceANewerOne() {
        LatestComputations<String> latest = new LatestComputations<>();
        latest.offer("r", at(5), 0, true);
        latest.offer("r", at(3), 1, false); // started earlier, finished later
        assertEquals("v5", latest.read("r", 2).orElseThrow().value());
        latest.offer("r", at(6), 3, false);
        assertEquals("v6", latest.read("r", 4).orElseThrow().value());
    }

    @Test
    void theRefresherOnlyUpdatesRunsSomeoneReadsAndForgetsThoseNotReadForTheWindow() {
        LatestComputations<String> latest = new LatestComputations<>();
        latest.offer("r", at(5), 0, false);
        assertTrue(latest.read("r", 0).isEmpty(), "a refresh does not start watching a run");
        latest.offer("r", at(5), 100, true);
        latest.offer("r", at(7), 900, false); // a refresh is not a read
        assertEquals(List.of("v7"), latest.watched(1_000, 1_000).stream().map(LatestComputations.Computed::value).toList());
        assertEquals(List.of(), latest.watched(1_101, 1_000), "not read since 100: dropped");
        assertEquals(0, latest.size());
    }
}
