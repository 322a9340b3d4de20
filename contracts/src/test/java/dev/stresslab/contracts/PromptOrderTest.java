package dev.stresslab.contracts;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PromptOrderTest {

    @Test
    void roundsHoldOnePromptPerLevelAndCoverEveryPromptOnce() {
        List<PromptOrder.Key> order = PromptOrder.interleaved(List.of(1, 3, 6), 7, 2, 42);
        assertEquals(3 * 7 * 2, order.size());
        assertEquals(order.size(), new HashSet<>(order).size(), "no prompt twice");
        for (int r = 0; r < 14; r++) {
            List<PromptOrder.Key> round = order.subList(3 * r, 3 * r + 3);
            assertEquals(List.of(1, 3, 6), round.stream().map(PromptOrder.Key::level).toList());
        }
        Set<Integer> groups = new HashSet<>();
        order.forEach(k -> groups.add(k.groupIndex()));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), groups);
    }

    @Test
    void theSeedAloneFixesTheOrder() {
        assertEquals(PromptOrder.interleaved(List.of(1, 3), 20, 1, 7), PromptOrder.interleaved(List.of(1, 3), 20, 1, 7));
        assertNotEquals(PromptOrder.interleaved(List.of(1, 3), 20, 1, 7), PromptOrder.interleaved(List.of(1, 3), 20, 1, 8));
        // levels are permuted independently of each other
        List<PromptOrder.Key> o = PromptOrder.interleaved(List.of(1, 3), 20, 1, 7);
        boolean differ = false;
        for (int r = 0; r < 20; r++) {
            differ |= o.get(2 * r).groupIndex() != o.get(2 * r + 1).groupIndex();
        }
        assertEquals(true, differ);
    }

    @Test
    void theFisherYatesStepByHand() {
        // n = 2: one swap step, i = 1, j = mix(seed + golden) mod 2
        long state = 5 + 0x9E3779B97F4A7C15L;
        int j = (int) Long.remainderUnsigned(PromptOrder.mix(state), 2);
        int[] p = PromptOrder.permutation(2, 5);
        assertEquals(j == 1 ? List.of(0, 1) : List.of(1, 0), List.of(p[0], p[1]));
    }
}
