package dev.stresslab.simulator.domain;

public enum FinishReason {
    STOP, LENGTH;

    public String wire() {
        return this == STOP ? "stop" : "length";
    }
}
