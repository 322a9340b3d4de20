package dev.stresslab.analytics.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PriceCatalogTest {
    @Test
    void modelIdsMayHoldDotsAndQuotes() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "analytics.prices.deepseek-reasoner.prompt", "0.55",
                "analytics.prices.deepseek-reasoner.completion", "2.19",
                "analytics.prices.qwen2.5-7b.completion", "0.3",
                "analytics.prices.\"Qwen/Qwen3-8B\".prompt", "0.1",
                "analytics.prices.oops", "1"), "test", 100)).build();
        PriceCatalog catalog = new PriceCatalog(config);
        assertEquals(0.55, catalog.priceOf("deepseek-reasoner").promptPerMillion());
        assertEquals(2.19, catalog.priceOf("deepseek-reasoner").completionPerMillion());
        assertEquals(0.0, catalog.priceOf("qwen2.5-7b").promptPerMillion());
        assertEquals(0.3, catalog.priceOf("qwen2.5-7b").completionPerMillion());
        assertEquals(0.1, catalog.priceOf("Qwen/Qwen3-8B").promptPerMillion());
        assertNull(catalog.priceOf("sim"));
        assertNull(catalog.priceOf(null));
    }
}
