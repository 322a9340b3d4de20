package dev.stresslab.benchmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the real REST data files from /work/shared/datasets (or -Dstresslab.datasets=DIR); skipped when absent.
 * The SHA-256 digests were computed with REST's own Python loaders (opendatalab/REST 12c6bf3) over the same files,
 * so they pin every question text and gold answer character for character without copying the data here.
 */
class RealDatasetsTest {
    static final Path DIR = Path.of(System.getProperty("stresslab.datasets", "/work/shared/datasets"));

    @BeforeAll
    static void requireData() {
        assumeTrue(Files.isDirectory(DIR), "no datasets directory at " + DIR);
    }

    static String sha256(List<String> parts) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void check(String name, int count, String textDigest, String goldDigest) {
        Benchmark b = BenchmarkCatalog.load(name, DIR);
        assertEquals(count, b.size(), name);
        assertEquals(count, b.questions().stream().map(Question::id).distinct().count(), name + " ids unique");
        assertEquals(textDigest, sha256(b.questions().stream().map(Question::text).toList()), name + " texts");
        assertEquals(goldDigest, sha256(b.questions().stream().map(Question::gold).toList()), name + " golds");
    }

    @Test
    void gsm8k() {
        check("gsm8k", 1319, "38cd34aab6890cfe8971c5592e75a6117fcbaad060809932c29d588833af945f",
                "7ad3a787c6cbbd9d4af80ecbde07b5c254e8c5540b5df08bfc24ac23c604908d");
        Benchmark b = BenchmarkCatalog.load("gsm8k", DIR);
        assertEquals("18", b.questions().get(0).gold());
        assertEquals("2125", b.questions().get(146).gold());   // "#### 2,125"
        assertEquals("114200", b.questions().get(201).gold()); // "#### 114,200"
        assertEquals("14", b.questions().get(1318).gold());
        assertEquals("gsm8k-1318", b.questions().get(1318).id());
    }

    @Test
    void math500() {
        check("math500", 500, "fe23a4f3eb59fa349aabc9a6cdc5fb001f42a2a35fefee1aefd209e01180636f",
                "1a448191cd1458ad3bb0a24752ee9febd1cf983584604cb27af9b6c84d9adb5a");
        Benchmark b = BenchmarkCatalog.load("math500", DIR);
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", b.questions().get(0).gold());
        assertEquals("p - q", b.questions().get(1).gold());
        assertEquals("106^\\circ", b.questions().get(499).gold());
        assertEquals("math500-499", b.questions().get(499).id());
    }

    @Test
    void math500AnswerEqualsLastBoxedOfSolutionForAll500() throws Exception {
        JsonNode root = BenchmarkLoaders.JSON.readTree(DIR.resolve("math500/test_prm800k_500.json").toFile());
        int same = 0;
        for (var it = root.fields(); it.hasNext(); ) {
            JsonNode r = it.next().getValue();
            if (r.get("answer").textValue().equals(LatexBoxes.lastBoxedContent(r.get("solution").textValue()))) {
                same++;
            }
        }
        assertEquals(500, same);
    }

    @Test
    void aime2024() {
        check("aime2024", 30, "bca2ff2758aad09612bf81bb44a6e3638189b6a3a1c5653ce17bfec41ad334e0",
                "b515c5411eb44cfab68784f6b556d372aa1413f22739625566f28d5426088b5b");
        Benchmark b = BenchmarkCatalog.load("aime2024", DIR);
        assertEquals(List.of("204", "25", "809"), b.questions().subList(0, 3).stream().map(Question::gold).toList());
        assertTrue(b.questions().stream().allMatch(q -> q.text().startsWith("\n") && q.text().endsWith("\n")));
    }

    @Test
    void aime2025() {
        check("aime2025", 30, "8b677b226cd3385401f9e6276b068ae94a575e5b542e1c7d8ff3c0e3acea9749",
                "78fa841b1abc94b225c5dcf49f33ce9db98979f5ab439e5428bbb9bdb51402a1");
        Benchmark b = BenchmarkCatalog.load("aime2025", DIR);
        assertEquals("70", b.questions().get(0).gold());
        assertEquals("240", b.questions().get(29).gold());
    }

    @Test
    void amc23() {
        check("amc23", 40, "332f4a2f37bf7372526e2ac1ef3dfbfb21825a87d13f2004c45f57302b44b97d",
                "38f0eda62e2920b5df96d5f8e34f4e1cb4d39613ad5c599a651e472e7b02d646");
        Benchmark b = BenchmarkCatalog.load("amc23", DIR);
        assertEquals(List.of("27.0", "36.0", "45.0", "3159.0"), b.questions().subList(0, 4).stream().map(Question::gold).toList());
        assertEquals("8.0", b.questions().get(39).gold());
    }

    @Test
    void gpqaDiamond() {
        check("gpqa-diamond", 198, "bcceb7a80c15a7b8bbf379dad6847717a05544302362c99cc5e482370ce1bd37",
                "853c702ebf0f596606c682bf51a4cf396ee9e3c0a1f3eaaf880341e3403f6b51");
        Benchmark b = BenchmarkCatalog.load("gpqa-diamond", DIR);
        assertEquals("DCBADCBADCBA", b.questions().subList(0, 12).stream().map(Question::gold).collect(Collectors.joining()));
        // The three questions whose LaTeX holds {A} or {B} (rows 78, 108, 147) keep it: no placeholder substitution.
        for (int i : new int[]{77, 107, 146}) {
            String t = b.questions().get(i).text();
            assertTrue(t.contains("{A}") || t.contains("{B}"), "question " + i);
        }
    }
}
