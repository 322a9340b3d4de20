package dev.stresslab.analytics.service;

import dev.stresslab.analytics.domain.RunAnalysisTest;
import dev.stresslab.analytics.domain.RunAnalysis;
import dev.stresslab.analytics.domain.Slot;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.persistence.AnalysisCheckpoints;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.PostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running run's held analysis equals the analysis of a full read of the run after every change, whichever way it
 * read the slots (whole, only the new prompts, or whole again after a late commit), also when it started from another
 * replica's checkpoint; on the real PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RunningAnalysesTest {
    @Inject
    ReportQueries queries;

    @Inject
    DataSource dataSource;

    @Inject
    AnalysisCheckpoints checkpoints;

    /** A replica's held analyses that never write a checkpoint. */
    private RunningAnalyses running(long maxSlots) {
        return new RunningAnalyses(queries, checkpoints, new SimpleMeterRegistry(), maxSlots, Long.MAX_VALUE,
                Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    /** A replica's held analyses that write a checkpoint of any size at each call (interval 0). */
    private static RunningAnalyses checkpointing(ReportQueries queries, AnalysisCheckpoints checkpoints,
                                                 MeterRegistry registry) {
        return new RunningAnalyses(queries, checkpoints, registry, 1_000_000, 1, Duration.ZERO, Duration.ofMinutes(10));
    }

    private static double starts(MeterRegistry registry, String from) {
        return registry.get("stresslab.analytics.held.analysis.starts").tag("from", from).counter().count();
    }

    @Test
    void anotherReplicaStartsFromTheCheckpointAndFoldsInOnlyWhatCameSince() throws Exception {
        String run = "ledger-checkpoint-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int g = 0; g < 4; g++) {
            store(run, 3, g, t.plusMillis(g));
        }
        MeterRegistry first = new SimpleMeterRegistry();
        RunningAnalyses ingesting = checkpointing(queries, checkpoints, first);
        assertSameAsFullRead(ingesting, run, 12);
        assertEquals(1, starts(first, "all-slots"));
        assertTrue(checkpoints.load(run).isEmpty(), "nothing written before the refresher's call");
        ingesting.checkpoint();
        assertTrue(checkpoints.load(run).isPresent());

        // new prompts after the checkpoint; the other replica starts from it and reads only those
        store(run, 3, 4, t.plusSeconds(1));
        store(run, 3, 5, t.plusSeconds(2));
        MeterRegistry second = new SimpleMeterRegistry();
        RunningAnalyses reading = checkpointing(queries, checkpoints, second);
        assertSameAsFullRead(reading, run, 18);
        assertEquals(1, starts(second, "checkpoint"));
        assertEquals(0, starts(second, "all-slots"), "no slot read twice: the checkpoint's prompts were not read");

        // a prompt committed later than the margin after its recorded_at, on a third replica that starts from the
        // checkpoint (still the 12-slot one: the reading replica's fold is newer and it writes it now)
        reading.checkpoint();
        store(run, 3, 6, t.minus(RunningAnalyses.COMMIT_MARGIN).minusSeconds(3600));
        MeterRegistry third = new SimpleMeterRegistry();
        assertSameAsFullRead(checkpointing(queries, checkpoints, third), run, 21);
        assertEquals(1, starts(third, "checkpoint"));
        assertEquals(1, starts(third, "all-slots"), "the count check found the late prompt: read whole again");

        // a replica that never read the run follows the runs with checkpoints and holds this one ahead of any reader
        MeterRegistry fifth = new SimpleMeterRegistry();
        RunningAnalyses following = checkpointing(queries, checkpoints, fifth);
        following.checkpoint();
        assertFalse(following.holds(run), "nothing read before the scheduled catch-up");
        following.catchUp();
        assertTrue(following.holds(run));
        assertEquals(1, starts(fifth, "checkpoint"));

        // the first replica's older fold does not replace the newer checkpoint
        assertFalse(checkpoints.store(run, 4, new byte[]{1}));
        MeterRegistry fourth = new SimpleMeterRegistry();
        assertSameAsFullRead(checkpointing(queries, checkpoints, fourth), run, 21);
        assertEquals(1, starts(fourth, "checkpoint"));
    }

    @Test
    void aCheckpointThatCannotBeReadIsIgnoredAndSettledRunsLoseTheirs() throws Exception {
        String damaged = "ledger-damaged-" + UUID.randomUUID();
        store(damaged, 3, 0, Instant.now());
        assertTrue(checkpoints.store(damaged, 1, new byte[]{31, -117, 8, 0, 1, 2, 3}));
        MeterRegistry registry = new SimpleMeterRegistry();
        assertSameAsFullRead(checkpointing(queries, checkpoints, registry), damaged, 3);
        assertEquals(0, starts(registry, "checkpoint"));
        assertEquals(1, starts(registry, "all-slots"));

        String running = "ledger-cp-running-" + UUID.randomUUID();
        String complete = "ledger-cp-complete-" + UUID.randomUUID();
        String aborted = "ledger-cp-aborted-" + UUID.randomUUID();
        run(running, "COMPOSED", 3);
        run(complete, "COMPOSED", 1);
        run(aborted, "ABORTED", 3);
        for (String r : List.of(running, complete, aborted)) {
            store(r, 1, 0, Instant.now());
            assertTrue(checkpoints.store(r, 1, new byte[]{1}));
        }
        checkpointing(queries, checkpoints, new SimpleMeterRegistry()).checkpoint(); // its first call cleans up
        assertTrue(checkpoints.load(running).isPresent(), "1 of 3 prompts stored");
        assertTrue(checkpoints.load(damaged).isPresent(), "no lifecycle row yet: kept");
        assertTrue(checkpoints.load(complete).isEmpty());
        assertTrue(checkpoints.load(aborted).isEmpty());
    }

    @Test
    void heldSlotsEqualAFullReadAsResultsArrive() throws Exception {
        RunningAnalyses running = running(1_000_000);
        String run = "ledger-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int g = 0; g < 4; g++) {
            store(run, 3, g, t.plusMillis(g));
        }
        assertSameAsFullRead(running, run, 12);

        // new prompts: one truncated, one that omitted a question (its other slots carry omittedInPrompt)
        store(run, 3, 4, t.plusSeconds(1));
        store(run, 3, 5, t.plusSeconds(2));
        store(run, 1, 6, t.plusSeconds(3));
        List<Slot> read = assertSameAsFullRead(running, run, 19);
        assertTrue(read.stream().anyMatch(s -> s.outputId().endsWith("/G5") && s.truncated()), "the new truncated prompt");
        assertEquals(3, read.stream().filter(s -> s.outputId().endsWith("/G4") && s.omittedInPrompt()).count(),
                "every slot of the new prompt that omitted a question");
        assertEquals(1, read.stream().filter(s -> s.outputId().endsWith("/G4") && s.omitted()).count());

        // nothing new: the same slots again
        assertSameAsFullRead(running, run, 19);
    }

    @Test
    void aPromptCommittedLaterThanTheMarginIsStillRead() throws Exception {
        RunningAnalyses running = running(1_000_000);
        String run = "ledger-late-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store(run, 3, 0, t);
        store(run, 3, 1, t.plusSeconds(60));
        assertSameAsFullRead(running, run, 6);
        // recorded (its transaction began) long before the newest prompt, committed only now: outside the window the
        // update reads, so only the count check can find it
        store(run, 3, 2, t.minus(RunningAnalyses.COMMIT_MARGIN).minusSeconds(3600));
        assertSameAsFullRead(running, run, 9);
    }

    @Test
    void theRunsReadLeastRecentlyGoWhenMoreThanTheBudgetIsHeld() throws Exception {
        RunningAnalyses running = running(10);
        String a = "ledger-a-" + UUID.randomUUID();
        String b = "ledger-b-" + UUID.randomUUID();
        Instant t = Instant.now();
        for (int g = 0; g < 2; g++) {
            store(a, 3, g, t);
            store(b, 3, g, t);
        }
        assertSameAsFullRead(running, a, 6);
        assertTrue(running.holds(a));
        assertSameAsFullRead(running, b, 6);
        assertFalse(running.holds(a), "12 slots held, the budget is 10: the run read first goes");
        assertTrue(running.holds(b), "the run being read is kept even alone over the budget");
        assertSameAsFullRead(running, a, 6);
        running.forget(a);
        assertFalse(running.holds(a));
    }

    @Test
    void aFollowedRunIsReadAheadAndForgottenWhenNobodyNeedsIt() throws Exception {
        RunningAnalyses running = running(1_000_000);
        String run = "ledger-follow-" + UUID.randomUUID();
        store(run, 3, 0, Instant.now());
        running.follow(run);
        assertFalse(running.holds(run), "nothing is read before the scheduled catch-up");
        running.catchUp();
        assertTrue(running.holds(run));
        running.forgetUnreadSince(System.nanoTime() - 3_600_000_000_000L);
        assertTrue(running.holds(run), "read within the last hour");
        running.forgetUnreadSince(System.nanoTime());
        assertFalse(running.holds(run));
    }

    @Test
    void runningRunsAreListedForReadingAheadAfterAStart() throws Exception {
        String running = "ledger-running-" + UUID.randomUUID();
        String complete = "ledger-complete-" + UUID.randomUUID();
        String publishing = "ledger-publishing-" + UUID.randomUUID();
        String aborted = "ledger-aborted-" + UUID.randomUUID();
        run(running, "COMPOSED", 3);
        run(complete, "COMPOSED", 2);
        run(publishing, "PUBLISHING", 0);
        run(aborted, "ABORTED", 3);
        for (int g = 0; g < 2; g++) {
            store(running, 1, g, Instant.now());
            store(complete, 1, g, Instant.now());
        }
        List<String> listed = queries.runningRunIds();
        assertTrue(listed.contains(running), "2 of 3 prompts stored");
        assertTrue(listed.contains(publishing), "still publishing");
        assertFalse(listed.contains(complete), "every prompt stored");
        assertFalse(listed.contains(aborted), "settled");
    }

    private void run(String run, String state, int prompts) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into run (run_id, model_id, benchmark, levels, question_count, samples, prompt_count, composed_at, state)
                values (?, 'm', 'math500', '1', 3, 1, ?, now(), ?)""")) {
            ps.setString(1, run);
            ps.setInt(2, prompts);
            ps.setString(3, state);
            ps.executeUpdate();
        }
    }

    /**
     * The held analysis equals the analysis of a full read of the run; returns the full read's slots.
     */
    private List<Slot> assertSameAsFullRead(RunningAnalyses running, String run, int slots) {
        RunAnalysis.Result held = running.read(run, RunAnalysis::result);
        ReportQueries.RunSlots read = queries.slots(run);
        assertEquals(slots, read.slots().size());
        RunAnalysis.Result full = RunAnalysis.of(read.slots(), read.questionTags()).result();
        RunAnalysisTest.assertSame(full, held);
        assertEquals(slots, full.positions().stream().mapToLong(StressAnalysis.PositionReport::slots).sum());
        return read.slots();
    }

    /**
     * A scored prompt of the run at {@code level}, recorded at {@code at}, with its slots: group 4 omitted its last
     * question, group 5 was truncated; verdicts and tokens vary with the position.
     */
    private void store(String run, int level, int group, Instant at) throws Exception {
        String prompt = run + "/L" + level + "/G" + group;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into prompt_result (prompt_id, run_id, model_id, benchmark, stress_level, group_index, sample,
                        outcome, truncated, latency_ms, recorded_at)
                    values (?, ?, 'm', 'math500', ?, ?, 0, 'SCORED', ?, 10, ?)""")) {
                ps.setString(1, prompt);
                ps.setString(2, run);
                ps.setInt(3, level);
                ps.setInt(4, group);
                ps.setBoolean(5, group == 5);
                ps.setTimestamp(6, Timestamp.from(at));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into question_result (prompt_id, position, run_id, stress_level, sample, question_id, correct,
                        omitted, reasoning_tokens, flags, error_category, subject, difficulty_level)
                    values (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int p = 1; p <= level; p++) {
                    boolean omitted = group == 4 && p == level;
                    ps.setString(1, prompt);
                    ps.setInt(2, p);
                    ps.setString(3, run);
                    ps.setInt(4, level);
                    ps.setString(5, "q" + (group + p));
                    ps.setBoolean(6, (group + p) % 2 == 0);
                    ps.setBoolean(7, omitted);
                    if (omitted) {
                        ps.setNull(8, java.sql.Types.INTEGER);
                    } else {
                        ps.setInt(8, 100 * p + group);
                    }
                    ps.setString(9, omitted ? "omitted" : null);
                    ps.setString(10, omitted ? "QUESTION_OMISSION" : null);
                    ps.setString(11, "Algebra");
                    ps.setInt(12, 1 + (group + p) % 5); // a question's tags are the same in every slot
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
