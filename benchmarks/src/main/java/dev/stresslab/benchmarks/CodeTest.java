package dev.stresslab.benchmarks;

/** One LiveCodeBench test: stdin text and expected stdout, or one JSON value per argument line and the JSON result. */
public record CodeTest(String input, String output) {
}
