package dev.stresslab.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointUrlAllowListTest {
    private final EndpointUrlAllowList list = new EndpointUrlAllowList(List.of("*.models.internal", "127.0.0.1:*", "vllm.example.com:8000"));

    @Test
    void acceptsHostsThatMatchAPattern() {
        assertTrue(list.refusal("http://r1.models.internal").isEmpty());
        assertTrue(list.refusal("https://a.b.models.internal:8443/v1").isEmpty());
        assertTrue(list.refusal("http://127.0.0.1:19319").isEmpty());
        assertTrue(list.refusal("http://VLLM.example.com:8000").isEmpty());
    }

    @Test
    void refusesEverythingElseAndSaysWhy() {
        assertTrue(list.refusal("http://evil.com").orElseThrow().contains("not in the allow-list"));
        assertTrue(list.refusal("http://models.internal.evil.com").isPresent(), "suffix tricks must not match");
        assertTrue(list.refusal("http://vllm.example.com:9000").isPresent(), "a pinned port is enforced");
        assertTrue(list.refusal("http://user:pw@r1.models.internal").orElseThrow().contains("user info"));
        assertTrue(list.refusal("file:///etc/passwd").orElseThrow().contains("http or https"));
        assertTrue(list.refusal("not a url").isPresent());
        assertTrue(list.refusal(null).isPresent());
    }

    @Test
    void anEmptyListAcceptsNothing() {
        assertEquals(true, new EndpointUrlAllowList(List.of()).refusal("http://127.0.0.1:1").orElseThrow().contains("empty"));
    }
}
