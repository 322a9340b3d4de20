package dev.stresslab.contracts;

/** One message of the conversation sent to the model (role: system, user or assistant). */
public record ChatMessage(String role, String content) {
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
