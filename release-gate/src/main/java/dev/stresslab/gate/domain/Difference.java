package dev.stresslab.gate.domain;

/**
 * One of analytics' headline comparisons (/compare's {@code headline.single|stress|drop}): accuracies in percent,
 * {@code difference} = candidate - base in points, its 95 % interval and paired p-value clustered by question and
 * output, over {@code questions} paired questions.
 */
public record Difference(double base, double candidate, double difference, double ciLow, double ciHigh, Double pValue,
                         int questions) {
}
