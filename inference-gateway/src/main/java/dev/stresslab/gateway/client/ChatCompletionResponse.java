package dev.stresslab.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What OpenAI-compatible servers answer; unknown fields are ignored, missing ones are null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionResponse(String id, String model, List<Choice> choices, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(int index, Message message, String text, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String role, String content, @JsonProperty("reasoning_content") String reasoningContent,
                          String reasoning) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(@JsonProperty("prompt_tokens") Integer promptTokens,
                        @JsonProperty("completion_tokens") Integer completionTokens,
                        @JsonProperty("completion_tokens_details") Details completionTokensDetails) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Details(@JsonProperty("reasoning_tokens") Integer reasoningTokens) {
    }
}
