package dev.stresslab.scorer.cli;

import java.util.List;

/**
 * A small fixed grading corpus so {@code bench-grading} runs with no input; the full labelled corpus is
 * {@code scorer/src/test/resources/grading/corpus.jsonl} (pass it with {@code --corpus}).
 */
final class BuiltinCorpus {
    private BuiltinCorpus() {
    }

    static final List<String> LINES = List.of(
            "{\"prediction\":\"18\",\"gold\":\"18\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"1,000\",\"gold\":\"1000\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\$18.00\",\"gold\":\"18\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"27\",\"gold\":\"27.0\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"26\",\"gold\":\"27.0\",\"kind\":\"math\",\"equal\":false}",
            "{\"prediction\":\"\\\\dfrac{1}{2}\",\"gold\":\"\\\\frac12\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"0.5\",\"gold\":\"\\\\frac{1}{2}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"2\\\\sqrt{3}\",\"gold\":\"\\\\sqrt{12}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\frac{\\\\sqrt{3}}{3}\",\"gold\":\"\\\\frac{1}{\\\\sqrt{3}}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"x^2+2x+1\",\"gold\":\"(x+1)^2\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"x^2+2x-1\",\"gold\":\"(x+1)^2\",\"kind\":\"math\",\"equal\":false}",
            "{\"prediction\":\"(-\\\\infty, 3]\",\"gold\":\"(-\\\\infty,3]\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"(-\\\\infty, 3)\",\"gold\":\"(-\\\\infty,3]\",\"kind\":\"math\",\"equal\":false}",
            "{\"prediction\":\"\\\\{1, 2\\\\}\",\"gold\":\"2, 1\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"(2, 1)\",\"gold\":\"(1, 2)\",\"kind\":\"math\",\"equal\":false}",
            "{\"prediction\":\"30^\\\\circ\",\"gold\":\"30\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\frac{\\\\pi}{3}\",\"gold\":\"\\\\frac{\\\\pi}{3}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\frac{2\\\\pi}{6}\",\"gold\":\"\\\\frac{\\\\pi}{3}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\text{Evelyn}\",\"gold\":\"\\\\text{Evelyn}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"25\\\\%\",\"gold\":\"25\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"1.2e3\",\"gold\":\"1200\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"x = 5\",\"gold\":\"5\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\begin{pmatrix} 1 \\\\\\\\ 2 \\\\end{pmatrix}\",\"gold\":\"\\\\begin{pmatrix}1\\\\\\\\2\\\\end{pmatrix}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"A\",\"gold\":\"A\",\"kind\":\"choice\",\"equal\":true}",
            "{\"prediction\":\"\\\\text{(B)}\",\"gold\":\"B\",\"kind\":\"choice\",\"equal\":true}",
            "{\"prediction\":\"ANSWER: C\",\"gold\":\"D\",\"kind\":\"choice\",\"equal\":false}",
            "{\"prediction\":\"3\\\\sqrt{2}\",\"gold\":\"\\\\sqrt{18}\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"\\\\frac{7}{3}\",\"gold\":\"2.333\",\"kind\":\"math\",\"equal\":false}",
            "{\"prediction\":\"204\",\"gold\":\"204\",\"kind\":\"math\",\"equal\":true}",
            "{\"prediction\":\"-\\\\frac{3}{4}\",\"gold\":\"-0.75\",\"kind\":\"math\",\"equal\":true}");
}
