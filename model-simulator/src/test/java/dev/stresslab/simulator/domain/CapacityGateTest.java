package dev.stresslab.simulator.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CapacityGateTest {
    @Test
    void rejectsBeyondTheCapacityAndAdmitsAgainWhenASlotFrees() {
        CapacityGate gate = new CapacityGate(2, CapacityGate.Overflow.REJECT);
        List<String> started = new ArrayList<>();
        assertEquals(CapacityGate.Admission.STARTED, gate.admit(() -> started.add("a")));
        assertEquals(CapacityGate.Admission.STARTED, gate.admit(() -> started.add("b")));
        assertEquals(CapacityGate.Admission.REJECTED, gate.admit(() -> started.add("c")));
        assertEquals(List.of("a", "b"), started);
        gate.leave();
        assertEquals(CapacityGate.Admission.STARTED, gate.admit(() -> started.add("d")));
        assertEquals(2, gate.active());
    }

    @Test
    void queuesBeyondTheCapacityAndStartsTheOldestWhenASlotFrees() {
        CapacityGate gate = new CapacityGate(1, CapacityGate.Overflow.QUEUE);
        List<String> started = new ArrayList<>();
        gate.admit(() -> started.add("a"));
        assertEquals(CapacityGate.Admission.QUEUED, gate.admit(() -> started.add("b")));
        assertEquals(CapacityGate.Admission.QUEUED, gate.admit(() -> started.add("c")));
        assertEquals(List.of("a"), started);
        assertEquals(2, gate.queued());
        gate.leave();
        assertEquals(List.of("a", "b"), started);
        assertEquals(1, gate.active());
        gate.leave();
        gate.leave();
        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(0, gate.active());
    }

    @Test
    void zeroCapacityMeansUnlimited() {
        CapacityGate gate = new CapacityGate(0, CapacityGate.Overflow.REJECT);
        for (int i = 0; i < 1000; i++) {
            assertEquals(CapacityGate.Admission.STARTED, gate.admit(() -> { }));
        }
        assertEquals(1000, gate.active());
    }
}
