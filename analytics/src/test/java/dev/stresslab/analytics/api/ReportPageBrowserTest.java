package dev.stresslab.analytics.api;

import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML reports in a real browser: headless Debian Chromium loads the run report and the comparison page from
 * the running app, ECharts (from its webjar) draws SVG charts, and the page writes what ECharts holds into data
 * attributes, which are checked against the run's hand-computed numbers (see {@link ReportFixture}) and the stored
 * ones (the JSON API): the charts, the Stress band, token axes above 10,000 whose labels are whole and inside the chart
 * (their drawn boxes), and the models page's stress curves with their bands. Screenshots go to analytics/target/. Skipped when /usr/bin/chromium is absent (CI installs it with apt).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class ReportPageBrowserTest extends KafkaTestSupport {
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Pattern VALUES = Pattern.compile("id=\"([a-z0-9-]+)\"[^>]*?data-values=\"([^\"]*)\"");


    @Test
    void chartsRenderTheRunsNumbers() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no headless browser at " + CHROMIUM
                + " (install it with: apt-get install -y chromium)");
        String base = ReportFixture.publish(kafka, "sim-page-" + UUID.randomUUID().toString().substring(0, 6), false);
        // the candidate's reasoning tokens × 30: its boxes sit between 3,000 and 15,900 tokens (the axis-label check)
        String candidate = ReportFixture.publish(kafka, "sim-page-" + UUID.randomUUID().toString().substring(0, 6), true,
                null, 30);
        String root = "http://127.0.0.1:" + RestAssured.port;

        String dom = chromium(root + "/runs/" + base + "/report.html", "--dump-dom");
        assertTrue(!dom.contains("data-charts-error"), "ECharts did not load:\n" + dom);
        // Six charts: accuracy vs level, accuracy by position, the error breakdown, adaptive effort, token boxes for
        // level 1 and level 3.
        assertTrue(dom.contains("data-charts-rendered=\"6\""), dom);
        assertEquals(6, count(dom, "data-rendered=\"true\""), "every chart drew an SVG");
        assertTrue(count(dom, "<svg") >= 6);
        List<String[]> values = values(dom);
        // accuracy line 75 / 66.67; the clustered band: its lower bound, then its width stacked on it
        // ([0, 100] and [21.43, 100], see ReportApiKafkaTest); positions: level 3 is 100, 100, 0.
        assertEquals("[[75,66.67],[0,21.43],[100,78.57]]", value(values, "accuracy-chart"));
        // REST's Stress score as a dashed line and its clustered interval [21.43, 100] as a band across the chart
        assertEquals("[[\"accuracy\",\"markLine\",[66.67]],[\"accuracy\",\"markArea\",[21.43,100]]]",
                attribute(dom, "accuracy-chart", "data-marks"));
        // Fig. 5: share of slots per category in the contract's order (truncation first, correct last, unclassified).
        assertEquals("[[0,8.33],[0,0],[0,0],[0,0],[0,0],[25,25],[75,66.67],[0,0]]", value(values, "errors-chart"));
        // adaptive effort at level 3: −196.67 tokens (see ReportApiKafkaTest), with its band
        assertTrue(value(values, "effort-chart").startsWith("[[-196.6667],"), value(values, "effort-chart"));
        assertEquals("[[75],[100,100,0]]", value(values, "position-chart"));
        assertEquals("[[[300,307.5,315,322.5,330],[200,207.5,215,222.5,230],[100,107.5,115,122.5,130]]]",
                value(values, "tokens-chart-3"));
        assertEquals("[[[500,507.5,515,522.5,530]]]", value(values, "tokens-chart-1"));
        // The paper-style table, built from the same JSON.
        assertTrue(dom.contains("<td>66.67</td>") && dom.contains("<td>8.33</td>") && dom.contains("<td>25.00</td>"), dom);
        // the headline (Single, Stress, drop, retention) and every flag counted per level
        assertTrue(dom.contains("id=\"headline-table\"") && dom.contains("<td>75.00</td>") && dom.contains("<td>88.89</td>"), dom);
        assertTrue(dom.contains("<th>reference-grader-differs</th>"), dom);
        // the label-aware reading beside the headline: no slot of this fixture is flipped
        assertTrue(dom.contains("id=\"label-aware-table\"") && dom.contains("agree on 16 of 16 slots (100.00 %)"), dom);
        assertTrue(!dom.contains("id=\"subject-table\""), "gsm8k has no subjects");
        assertEquals(6, textsInside(dom), "every chart's texts lie inside it");
        screenshot(root + "/runs/" + base + "/report.html", "report-run.png");

        // Token axes above 10,000: every label whole ("10,000", never "0,000") and inside its chart; the axis spans
        // the stored boxes (GET /runs/{id}/analysis).
        String big = chromium(root + "/runs/" + candidate + "/report.html", "--dump-dom");
        assertEquals("[[[15000,15225,15450,15675,15900]]]", value(values(big), "tokens-chart-1"));
        float stored = given().get("/runs/" + candidate + "/analysis").then().statusCode(200).extract()
                .path("tokenBoxes.find { it.level == 1 }.whiskerHigh");
        assertEquals(15900f, stored);
        for (String chart : List.of("tokens-chart-1", "tokens-chart-3")) {
            List<double[]> labels = numericLabels(big, chart);
            assertTrue(labels.size() >= 3, chart + " has axis labels: " + attribute(big, chart, "data-texts"));
            double top = labels.stream().mapToDouble(l -> l[0]).max().orElseThrow();
            assertTrue(top >= (chart.endsWith("1") ? stored : 9900), chart + ": the axis reaches the boxes, top " + top);
            assertTrue(labels.stream().anyMatch(l -> l[0] >= 10_000), chart + ": a label of 10,000 or more");
        }
        assertEquals(6, textsInside(big));
        screenshot(root + "/runs/" + candidate + "/report.html", "report-run-large-tokens.png");

        // The models page: both models' stress curves on the gsm8k chart, each with its band from /models/summary.
        String models = chromium(root + "/models", "--dump-dom");
        assertTrue(!models.contains("data-charts-error"), models);
        String baseModel = given().get("/runs/" + base).then().extract().path("modelId");
        String candidateModel = given().get("/runs/" + candidate).then().extract().path("modelId");
        List<String> series = List.of(attribute(models, "models-chart-gsm8k", "data-series")
                .replaceAll("^\\[\"|\"\\]$", "").split("\",\""));
        List<String> data = splitSeries(value(values(models), "models-chart-gsm8k"));
        for (String model : List.of(baseModel, candidateModel)) {
            int at = series.indexOf(model);
            assertTrue(at >= 0, model + " on the chart: " + series);
            assertEquals(model + " 95% CI", series.get(at + 2));
            List<Float> accuracy = given().get("/models/summary").then().extract()
                    .path("rows.find { it.modelId == '" + model + "' }.levels.accuracy");
            List<Float> low = given().get("/models/summary").then().extract()
                    .path("rows.find { it.modelId == '" + model + "' }.levels.ciLow");
            List<Float> high = given().get("/models/summary").then().extract()
                    .path("rows.find { it.modelId == '" + model + "' }.levels.ciHigh");
            assertEquals(numbers(accuracy), data.get(at));
            assertEquals(numbers(low), data.get(at + 1));
            assertEquals(numbers(List.of((float) Math.round((high.get(0) - low.get(0)) * 100) / 100,
                    (float) Math.round((high.get(1) - low.get(1)) * 100) / 100)), data.get(at + 2));
        }
        assertEquals("[75,66.67]", data.get(series.indexOf(baseModel)));
        assertEquals("[100,100]", data.get(series.indexOf(candidateModel)));
        assertTrue(numericLabels(models, "models-chart-gsm8k").size() >= 3);
        assertTrue(textsInside(models) >= 1);
        screenshot(root + "/models", "report-models.png");

        // MATH500 by subject and level (App. F), and the label-aware Single 100 against 75 (ReportApiKafkaTest)
        String tagged = ReportFixture.publishTagged(kafka, "sim-page-tags-" + UUID.randomUUID().toString().substring(0, 6));
        String math = chromium(root + "/runs/" + tagged + "/report.html", "--dump-dom");
        assertTrue(math.contains("data-charts-rendered="), "the script ran to its end:\n" + math);
        assertTrue(math.contains("<th>Algebra</th>") && math.contains("<th>Geometry</th>")
                && math.contains("50.00 [0.00, 100.00] of 4") && math.contains("id=\"difficulty-table\""), math);
        assertTrue(math.contains("<td>100.00</td>") && math.contains("agree on 8 of 10 slots (80.00 %)"), math);

        String compare = chromium(root + "/compare.html?base=" + base + "&candidate=" + candidate, "--dump-dom");
        assertTrue(compare.contains("data-charts-rendered=\"1\""), compare);
        assertEquals("[[75,66.67],[100,100]]", value(values(compare), "compare-chart"));
        assertTrue(compare.contains("no significant difference") && compare.contains("<td>0.0625</td>"), compare);
        // the paired clustered headline: Single 75 -> 100, +25 points, p = 0.391
        assertTrue(compare.contains("id=\"headline-table\"") && compare.contains("<td>25.00</td>")
                && compare.contains("<td>0.3910</td>"), compare);
        screenshot(root + "/compare.html?base=" + base + "&candidate=" + candidate, "report-compare.png");
    }

    private static void screenshot(String url, String name) throws Exception {
        Path target = Path.of("target").toAbsolutePath().resolve(name);
        Files.deleteIfExists(target);
        chromium(url, "--screenshot=" + target, "--window-size=1280,3200", "--hide-scrollbars");
        assertTrue(Files.size(target) > 10_000, "screenshot " + target + " written");
    }

    /** Runs headless Chromium on a throw-away profile and returns its stdout. */
    private static String chromium(String url, String... mode) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
            cmd.addAll(List.of(mode));
            cmd.add(url);
            Path out = profile.resolve("stdout");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(profile.resolve("stderr").toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 90 s");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(profile.resolve("stderr")));
            return stdout;
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String[]> values(String dom) {
        List<String[]> out = new ArrayList<>();
        Matcher m = VALUES.matcher(dom);
        while (m.find()) {
            out.add(new String[]{m.group(1), m.group(2).replace("&quot;", "\"")});
        }
        return out;
    }

    /** An attribute of the element with this id, unescaped. */
    private static String attribute(String dom, String id, String name) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*?" + name + "=\"([^\"]*)\"").matcher(dom);
        if (!m.find()) {
            throw new AssertionError("no " + name + " on #" + id);
        }
        return m.group(1).replace("&quot;", "\"").replace("&amp;", "&");
    }

    /**
     * The chart's texts that are numbers (axis labels): {value, left, right} in px. Each must be whole (digits in
     * groups of three: "10,000", not "0,000" cut from it) and lie inside the chart's width.
     */
    private static List<double[]> numericLabels(String dom, String id) {
        int width = Integer.parseInt(attribute(dom, id, "data-width"));
        List<double[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\[\"([^\"]*)\",(-?\\d+),(-?\\d+),(-?\\d+),(-?\\d+)\\]")
                .matcher(attribute(dom, id, "data-texts"));
        while (m.find()) {
            String text = m.group(1);
            if (!text.matches("-?[0-9][0-9,]*")) {
                continue;
            }
            assertTrue(text.matches("-?[1-9]\\d{0,2}(,\\d{3})*|0"), "#" + id + ": label '" + text + "' is whole");
            int left = Integer.parseInt(m.group(2));
            int right = Integer.parseInt(m.group(3));
            assertTrue(left >= 0 && right <= width, "#" + id + ": label '" + text + "' at [" + left + ", " + right
                    + "] lies inside the chart's " + width + " px");
            out.add(new double[]{Double.parseDouble(text.replace(",", "")), left, right});
        }
        return out;
    }

    /**
     * Checks that every text each chart drew (labels, axis names, legends, titles) lies inside the chart's box, so
     * none is cut at its edge; returns how many charts were checked.
     */
    private static int textsInside(String dom) {
        Matcher charts = Pattern.compile("id=\"([a-z0-9-]+)\" class=\"chart").matcher(dom);
        int n = 0;
        while (charts.find()) {
            String id = charts.group(1);
            int width = Integer.parseInt(attribute(dom, id, "data-width"));
            Matcher m = Pattern.compile("\\[\"([^\"]*)\",(-?\\d+),(-?\\d+),(-?\\d+),(-?\\d+)\\]")
                    .matcher(attribute(dom, id, "data-texts"));
            while (m.find()) {
                int left = Integer.parseInt(m.group(2));
                int right = Integer.parseInt(m.group(3));
                assertTrue(m.group(1).isEmpty() || (left >= 0 && right <= width), "#" + id + ": '" + m.group(1)
                        + "' at [" + left + ", " + right + "] lies inside the chart's " + width + " px");
            }
            n++;
        }
        return n;
    }

    /** "[[a,b],[c,d]]" -> ["[a,b]", "[c,d]"] (one entry a series). */
    private static List<String> splitSeries(String values) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\[[^\\[\\]]*\\]").matcher(values.substring(1, values.length() - 1));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** JSON numbers as the browser writes them (75, 66.67). */
    private static String numbers(List<Float> values) {
        return values.stream().map(v -> v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v))
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static String value(List<String[]> values, String id) {
        return values.stream().filter(v -> v[0].equals(id)).map(v -> v[1]).findFirst()
                .orElseThrow(() -> new AssertionError("no data-values on #" + id));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
