package dev.stresslab.analytics.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Running runs' held analyses, as written by service.RunningAnalyses (table analysis_checkpoint): the bytes are its
 * own; this class only keeps them, one row per run, never going back to one that folded fewer prompts.
 */
@ApplicationScoped
public class AnalysisCheckpoints {
    private final EntityManager em;

    public AnalysisCheckpoints(EntityManager em) {
        this.em = em;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<byte[]> load(String runId) {
        List<byte[]> rows = em.createNativeQuery("select body from analysis_checkpoint where run_id = :run")
                .setParameter("run", runId).getResultList();
        return rows.stream().findFirst();
    }

    /**
     * Stores the checkpoint unless one that folded as many prompts or more is stored (two replicas may hold the run).
     *
     * @return whether it was stored
     */
    @Transactional
    public boolean store(String runId, long prompts, byte[] body) {
        return em.createNativeQuery("""
                        insert into analysis_checkpoint (run_id, prompts, body, written_at) values (:run, :prompts, :body, :at)
                        on conflict (run_id) do update
                        set prompts = excluded.prompts, body = excluded.body, written_at = excluded.written_at
                        where analysis_checkpoint.prompts < excluded.prompts""")
                .setParameter("run", runId).setParameter("prompts", prompts).setParameter("body", body)
                .setParameter("at", Instant.now()).executeUpdate() > 0;
    }

    /** A stored checkpoint's run, and whether it was written since the time asked about. */
    public record Stored(String runId, boolean writtenSince) {
    }

    /** Every stored checkpoint (the running runs large enough to have one, and settled ones not yet deleted). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Stored> stored(Instant since) {
        List<Object[]> rows = em.createNativeQuery("select run_id, written_at >= :since from analysis_checkpoint")
                .setParameter("since", since).getResultList();
        return rows.stream().map(r -> new Stored((String) r[0], (Boolean) r[1])).toList();
    }

    @Transactional
    public void delete(String runId) {
        em.createNativeQuery("delete from analysis_checkpoint where run_id = :run").setParameter("run", runId)
                .executeUpdate();
    }
}
