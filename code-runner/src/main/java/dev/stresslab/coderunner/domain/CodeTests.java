package dev.stresslab.coderunner.domain;

import java.util.List;

/**
 * One problem's tests as REST's evaluator sees them ({@code evaluation_sample}): public tests first, then private,
 * and the method name for call-based (LeetCode) problems, null for stdin/stdout problems.
 */
public record CodeTests(String questionId, List<String> inputs, List<String> outputs, String fnName) {
    public CodeTests {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.size() != outputs.size()) {
            throw new IllegalArgumentException(questionId + ": " + inputs.size() + " inputs but " + outputs.size() + " outputs");
        }
    }

    public int size() {
        return inputs.size();
    }
}
