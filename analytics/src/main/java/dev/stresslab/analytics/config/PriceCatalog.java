package dev.stresslab.analytics.config;

import dev.stresslab.analytics.domain.Price;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per 1M tokens by model, from {@code analytics.prices.<model>.prompt} and {@code .completion}. The model id is
 * everything between the prefix and the last dot, so ids with dots work unquoted ({@code analytics.prices.qwen2.5-7b.prompt});
 * surrounding double quotes are removed. A missing half counts as 0. Read once at start.
 */
@ApplicationScoped
public class PriceCatalog {
    static final String PREFIX = "analytics.prices.";
    private final Map<String, Price> prices;

    public PriceCatalog(Config config) {
        this.prices = parse(config);
    }

    static Map<String, Price> parse(Config config) {
        Map<String, double[]> raw = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                continue;
            }
            String model = rest.substring(0, dot);
            if (model.length() > 1 && model.startsWith("\"") && model.endsWith("\"")) {
                model = model.substring(1, model.length() - 1);
            }
            String part = rest.substring(dot + 1);
            int index = switch (part) {
                case "prompt" -> 0;
                case "completion" -> 1;
                default -> -1;
            };
            if (index < 0) {
                continue;
            }
            Optional<Double> value = config.getOptionalValue(name, Double.class);
            if (value.isPresent()) {
                raw.computeIfAbsent(model, m -> new double[2])[index] = value.get();
            }
        }
        Map<String, Price> out = new HashMap<>();
        raw.forEach((m, v) -> out.put(m, new Price(v[0], v[1])));
        return Map.copyOf(out);
    }

    /** @return the model's price, or null when none is configured */
    public Price priceOf(String modelId) {
        return modelId == null ? null : prices.get(modelId);
    }
}
