package dev.stresslab.simulator.api;

/** The two generation endpoints; the name is a bounded metric label. */
public enum Endpoint {
    CHAT("chat"), COMPLETIONS("completions");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
