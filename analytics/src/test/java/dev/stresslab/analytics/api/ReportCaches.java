package dev.stresslab.analytics.api;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import jakarta.inject.Singleton;

/** The report caches a restart empties (ReportService), emptied on demand by tests and benchmarks. */
@Singleton
public class ReportCaches {
    private final Cache reports;
    private final Cache analyses;
    private final Cache counts;

    public ReportCaches(@CacheName("run-report") Cache reports, @CacheName("run-analysis") Cache analyses,
                        @CacheName("run-counts") Cache counts) {
        this.reports = reports;
        this.analyses = analyses;
        this.counts = counts;
    }

    /** What a restart leaves: no report, analysis or interval counts cached. */
    public void forgetAll() {
        reports.invalidateAll().await().indefinitely();
        analyses.invalidateAll().await().indefinitely();
        counts.invalidateAll().await().indefinitely();
    }
}
