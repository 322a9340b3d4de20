package dev.stresslab.analytics.service;

import dev.stresslab.analytics.domain.RunAnalysis;
import dev.stresslab.analytics.persistence.AnalysisCheckpoints;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.persistence.RunVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The analyses of running runs, kept in memory and brought up to date with the slots stored since, so an exact report
 * of a running run reads and folds in only its new prompts instead of reading and analysing all its slots
 * (docs/reports.md, "Freshness"; {@link RunAnalysis}). Results are only ever inserted (never updated or deleted), so
 * what was folded in once stays right.
 * <p>
 * An update reads, in one snapshot, the prompts recorded since the newest one it knows minus {@link #COMMIT_MARGIN}
 * (a transaction's recorded_at is taken before it commits, so a prompt may become visible after a newer one), skips
 * the ones it knows, and checks its prompt count against the run's stored count in the same snapshot: when they
 * differ (a commit later than the margin), it reads the whole run again. So a read is never missing a stored result.
 * <p>
 * At most {@code analytics.reports.running-max-slots} slots are held (folded in); the runs read least recently go first. Settled
 * runs are not kept (their reports are computed once and cached). Runs nobody reads in the watch window are dropped
 * by {@link ReportService}'s refresher.
 * <p>
 * A held analysis of at least {@code analytics.reports.checkpoint-min-slots} slots is written to the database
 * ({@link AnalysisCheckpoints}) at most every {@code analytics.reports.checkpoint-interval} while it grows, so the
 * first read of the run on another replica, or on this one after a restart, starts from it and folds in only the
 * prompts stored since (the same window and count check as any update) instead of every slot. Every replica also
 * follows the runs whose checkpoints move ({@link #checkpoint}), so it holds them before their first reader comes.
 */
@ApplicationScoped
public class RunningAnalyses {
    private static final Logger LOG = Logger.getLogger(RunningAnalyses.class);

    /** How late a transaction may commit after its recorded_at and still be found by an update's window. */
    static final Duration COMMIT_MARGIN = Duration.ofSeconds(10);

    /** Raised when what a checkpoint holds besides the analysis' own state changes. */
    static final int CHECKPOINT_FORMAT = 1;

    private final ReportQueries queries;
    private final AnalysisCheckpoints checkpoints;
    private final long maxSlots;
    private final long checkpointMinSlots;
    private final long checkpointIntervalNanos;
    private final Duration followWindow;
    /** when the stored checkpoints were last gone through (settled ones deleted, moving ones followed) */
    private long checkpointsSeenNanos;
    /** how runs came to be held: every slot read, or a checkpoint read and the prompts since */
    private final Counter readWhole;
    private final Counter restored;
    /** access order: the eldest is the run read least recently; guarded by itself */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<String> moved = ConcurrentHashMap.newKeySet();

    public RunningAnalyses(ReportQueries queries, AnalysisCheckpoints checkpoints, MeterRegistry registry,
                           @ConfigProperty(name = "analytics.reports.running-max-slots") long maxSlots,
                           @ConfigProperty(name = "analytics.reports.checkpoint-min-slots") long checkpointMinSlots,
                           @ConfigProperty(name = "analytics.reports.checkpoint-interval") Duration checkpointInterval,
                           @ConfigProperty(name = "analytics.reports.watch-window") Duration followWindow) {
        this.queries = queries;
        this.checkpoints = checkpoints;
        this.maxSlots = maxSlots;
        this.checkpointMinSlots = checkpointMinSlots;
        this.checkpointIntervalNanos = checkpointInterval.toNanos();
        this.followWindow = followWindow;
        this.checkpointsSeenNanos = System.nanoTime() - checkpointIntervalNanos;
        String started = "Running runs' analyses started by reading";
        this.readWhole = Counter.builder("stresslab.analytics.held.analysis.starts").tag("from", "all-slots")
                .description(started).register(registry);
        this.restored = Counter.builder("stresslab.analytics.held.analysis.starts").tag("from", "checkpoint")
                .description(started).register(registry);
    }

    /** One run's prompts read so far and their slots folded into its analysis; guarded by itself. */
    private static final class Entry {
        final Set<String> prompts = new HashSet<>();
        RunAnalysis analysis = new RunAnalysis();
        Instant newestRecorded;
        boolean loaded;
        volatile long size;
        /** when it was last read or brought up to date */
        volatile long touchedNanos = System.nanoTime();
        /** the prompts the newest checkpoint this replica wrote or read holds, and when */
        long checkpointedPrompts;
        long checkpointedNanos;

        Entry(long checkpointInterval) {
            checkpointedNanos = System.nanoTime() - checkpointInterval; // a first checkpoint is not held back
        }

        void clear() {
            prompts.clear();
            analysis = new RunAnalysis();
            newestRecorded = null;
            loaded = false;
        }
    }

    /**
     * {@code read} applied to the running run's analysis of every slot stored now, brought up to date from what was
     * stored since the last read (under the run's lock: {@code read} must not keep the analysis).
     */
    public <T> T read(String runId, Function<RunAnalysis, T> read) {
        return read(runId, -1, read);
    }

    /**
     * The same for the run's {@code version}: when the prompts held are already its stored results (results are only
     * added), nothing is read from the database (a report page reads the report and the analysis of one version).
     */
    public <T> T read(RunVersion version, Function<RunAnalysis, T> read) {
        return read(version.runId(), version.results(), read);
    }

    private <T> T read(String runId, long storedResults, Function<RunAnalysis, T> read) {
        Entry entry = upToDate(runId, storedResults);
        synchronized (entry) {
            return read.apply(entry.analysis);
        }
    }

    /**
     * Marks runs whose results ingestion just stored: {@link #catchUp} reads their new slots in the background, so
     * the first reader of a running run finds them already held. Only running runs: a settled one is {@link #forget}.
     */
    public void follow(String runId) {
        moved.add(runId);
    }

    /** Reads the new slots of the runs {@link #follow}ed since the last call (a scheduled job calls it). */
    public void catchUp() {
        for (Iterator<String> it = moved.iterator(); it.hasNext(); ) {
            String runId = it.next();
            it.remove();
            try {
                upToDate(runId, -1);
            } catch (RuntimeException e) {
                LOG.debugf(e, "slots of run %s not read ahead", runId); // its next reader reads them
            }
        }
    }

    /** @param storedResults the run's stored prompt results when known (-1 otherwise) */
    private Entry upToDate(String runId, long storedResults) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(runId, id -> new Entry(checkpointIntervalNanos));
        }
        synchronized (entry) {
            if (!entry.loaded || entry.prompts.size() != storedResults) {
                update(runId, entry);
            }
            entry.touchedNanos = System.nanoTime();
        }
        evictBeyondBudget(runId);
        return entry;
    }

    private void update(String runId, Entry entry) {
        if (!entry.loaded) {
            restore(runId, entry);
        }
        if (entry.loaded) {
            ReportQueries.SlotRead read = queries.slotsSince(runId, entry.newestRecorded == null ? Instant.EPOCH
                    : entry.newestRecorded.minus(COMMIT_MARGIN), entry.prompts::contains);
            add(entry, read);
            if (entry.prompts.size() == read.storedPrompts()) {
                return;
            }
            // a prompt committed later than the margin after its recorded_at: read the run whole again
            LOG.debugf("run %s: %d prompts known, %d stored; reading all its slots again", runId, entry.prompts.size(),
                    read.storedPrompts());
            entry.clear();
        }
        add(entry, queries.slotsSince(runId, null, prompt -> false));
        entry.loaded = true;
        readWhole.increment();
    }

    /** Starts the entry from the run's stored checkpoint, if there is one this release reads. */
    private void restore(String runId, Entry entry) {
        try {
            long start = System.nanoTime();
            byte[] body = checkpoints.load(runId).orElse(null);
            if (body == null) {
                return;
            }
            long loaded = System.nanoTime();
            byte[] raw;
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(body), 1 << 16)) {
                raw = gz.readAllBytes();
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
            int format = in.readInt();
            if (format != CHECKPOINT_FORMAT) {
                throw new IOException("checkpoint format " + format + ", this release reads " + CHECKPOINT_FORMAT);
            }
            entry.newestRecorded = Instant.ofEpochSecond(in.readLong(), in.readInt());
            for (int n = in.readInt(); n > 0; n--) {
                entry.prompts.add(in.readUTF());
            }
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            entry.analysis = RunAnalysis.fromState(state);
            entry.size = entry.analysis.slots();
            entry.loaded = true;
            entry.checkpointedPrompts = entry.prompts.size();
            entry.checkpointedNanos = System.nanoTime();
            restored.increment();
            LOG.debugf("run %s: started from a checkpoint of %d prompts (%d bytes): %.1f ms to load, %.1f to read",
                    runId, entry.prompts.size(), body.length, (loaded - start) / 1e6, (System.nanoTime() - loaded) / 1e6);
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "checkpoint of run %s not read; reading all its slots", runId);
            entry.clear();
        }
    }

    /**
     * Writes a checkpoint of each held analysis of at least the minimum size that grew since its last one, at most
     * once per interval per run; then, at most once per interval, deletes the checkpoints of settled runs and
     * {@link #follow}s every run whose checkpoint was written in the watch window (a run that stalled longer is read
     * when asked for), so each replica holds the large running runs (within the budget) and a read anywhere folds in
     * at most an interval's results. The refresher calls it; a failure leaves it to a later call.
     */
    public void checkpoint() {
        long now = System.nanoTime();
        List<Map.Entry<String, Entry>> held;
        synchronized (entries) {
            held = new ArrayList<>(entries.entrySet());
        }
        for (Map.Entry<String, Entry> e : held) {
            Entry entry = e.getValue();
            byte[] body;
            long prompts;
            synchronized (entry) {
                if (!entry.loaded || entry.size < checkpointMinSlots || entry.newestRecorded == null
                        || entry.prompts.size() <= entry.checkpointedPrompts
                        || now - entry.checkpointedNanos < checkpointIntervalNanos) {
                    continue;
                }
                body = encode(entry);
                prompts = entry.prompts.size();
                entry.checkpointedPrompts = prompts;
                entry.checkpointedNanos = now;
            }
            try {
                checkpoints.store(e.getKey(), prompts, gzip(body));
            } catch (RuntimeException ex) {
                LOG.debugf(ex, "checkpoint of run %s not written; tried again after the interval", e.getKey());
                synchronized (entry) {
                    entry.checkpointedPrompts = 0; // even if the run does not grow until then
                }
            }
        }
        if (now - checkpointsSeenNanos >= checkpointIntervalNanos) {
            checkpointsSeenNanos = now;
            try {
                for (AnalysisCheckpoints.Stored stored : checkpoints.stored(Instant.now().minus(followWindow))) {
                    if (queries.version(stored.runId()).settled()) {
                        checkpoints.delete(stored.runId());
                    } else if (stored.writtenSince()) {
                        follow(stored.runId());
                    }
                }
            } catch (RuntimeException ex) {
                LOG.debugf(ex, "settled runs' checkpoints not deleted or runs not followed");
            }
        }
    }

    /** The entry as a checkpoint, before gzip (under its lock: readers wait only for this). */
    private static byte[] encode(Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            out.writeInt(CHECKPOINT_FORMAT);
            out.writeLong(entry.newestRecorded.getEpochSecond());
            out.writeInt(entry.newestRecorded.getNano());
            out.writeInt(entry.prompts.size());
            for (String prompt : entry.prompts) {
                out.writeUTF(prompt);
            }
            byte[] state = entry.analysis.state();
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint not encoded", e); // in memory: not expected
        }
        return bytes.toByteArray();
    }

    /** Fastest level: the checkpoint is written every interval while the run grows. */
    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint not compressed", e);
        }
        return bytes.toByteArray();
    }

    private static void add(Entry entry, ReportQueries.SlotRead read) {
        entry.prompts.addAll(read.prompts());
        // a read holds every slot of each new prompt it names (one snapshot; a prompt's rows are stored together)
        entry.analysis.addOutputs(read.slots(), read.questionTags());
        if (read.newestRecorded() != null
                && (entry.newestRecorded == null || read.newestRecorded().isAfter(entry.newestRecorded))) {
            entry.newestRecorded = read.newestRecorded();
        }
        entry.size = entry.analysis.slots();
    }

    /** Drops the least recently read runs (never {@code keep}) while more than the budget of slots is held. */
    private void evictBeyondBudget(String keep) {
        synchronized (entries) {
            long held = entries.values().stream().mapToLong(e -> e.size).sum();
            for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); held > maxSlots && it.hasNext(); ) {
                Map.Entry<String, Entry> e = it.next();
                if (!e.getKey().equals(keep)) {
                    held -= e.getValue().size;
                    it.remove();
                }
            }
        }
    }

    /** Forgets the run (it settled: its report is computed once and cached). */
    public void forget(String runId) {
        moved.remove(runId);
        synchronized (entries) {
            entries.remove(runId);
        }
    }

    /** Forgets the runs nobody read and no result moved since {@code nanos} (a System.nanoTime reading). */
    public void forgetUnreadSince(long nanos) {
        synchronized (entries) {
            entries.values().removeIf(e -> e.touchedNanos - nanos < 0);
        }
    }

    /** Whether the run's analysis is held (for tests). */
    boolean holds(String runId) {
        synchronized (entries) {
            return entries.containsKey(runId);
        }
    }
}
