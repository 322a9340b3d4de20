package dev.stresslab.coderunner.sandbox;

/** The sandbox cannot run here (bubblewrap missing or refused); no code is run, never unsandboxed. */
public class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
