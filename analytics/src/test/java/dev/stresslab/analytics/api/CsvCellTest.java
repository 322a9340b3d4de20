package dev.stresslab.analytics.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvCellTest {
    @Test
    void quotesOnlyWhatRfc4180Needs() {
        assertEquals("", RunReportResource.cell(null));
        assertEquals("\\boxed{7}", RunReportResource.cell("\\boxed{7}"));
        assertEquals("\"omitted,label-mismatch\"", RunReportResource.cell("omitted,label-mismatch"));
        assertEquals("\"say \"\"hi\"\"\"", RunReportResource.cell("say \"hi\""));
        assertEquals("\"a\nb\"", RunReportResource.cell("a\nb"));
    }
}
