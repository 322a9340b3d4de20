package dev.stresslab.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without Prometheus: the dashboard's and the alert rules' queries name only series some service registers (or one
 * listed as not yet exported), so a typo fails here even where Prometheus is not installed.
 * {@link PipelineEndToEndIT} runs the same queries in the real Prometheus.
 */
class DashboardQueriesTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern METER = Pattern.compile("\"(stresslab\\.[a-z0-9.]+)\"");

    @Test
    void everyQueryNamesASeriesAServiceRegisters() throws IOException {
        List<DashboardQueries> queries = DashboardQueries.load(HOME);
        assertTrue(queries.stream().filter(DashboardQueries::alert).count() >= 6, "alert rules read");
        assertTrue(queries.stream().filter(q -> q.source().contains("variable model")).count() == 1, "variables read");
        Set<String> meters = registeredMeters();
        List<String> unknown = new ArrayList<>();
        for (DashboardQueries q : queries) {
            assertTrue(!q.metrics().isEmpty(), q.source() + " selects no series: " + q.expr());
            for (String metric : q.metrics()) {
                boolean exported = metric.equals("up") || meters.stream().anyMatch(metric::startsWith);
                if (!exported && !DashboardQueries.AFTER_A_VERDICT.contains(metric)) {
                    unknown.add(q.source() + ": " + metric);
                }
            }
        }
        assertEquals(List.of(), unknown, "series no service registers (registered: " + meters + ")");
    }

    @Test
    void grafanaVariablesBecomeWhatAllSendsAndMetricsAreFoundPastLabelsAndGrouping() {
        assertEquals("rate(x_total{model=~\".*\"}[1m])", DashboardQueries.grafana("rate(x_total{model=~\"$model\"}[$__rate_interval])"));
        DashboardQueries q = new DashboardQueries("t", "sum by (up) (rate(stresslab_a_total{job=\"up\"}[5m])) > 0 and up == 1", true);
        assertEquals(Set.of("stresslab_a_total", "up"), q.metrics());
        assertTrue(new DashboardQueries("t", "-1 * stresslab_verdict{model=~\".*\"}", false).parseOnly()
                == DashboardQueries.AFTER_A_VERDICT.contains("stresslab_verdict"), "parse-only follows the list");
        assertFalse(new DashboardQueries("t", "100 * stresslab_stress_score{model=~\".*\"}", false).parseOnly());
    }

    /** Every Micrometer meter name in the services' sources, as Prometheus spells its prefix. */
    private static Set<String> registeredMeters() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(HOME)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = METER.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1).replace('.', '_'));
                }
            }
        }
        return names;
    }
}
