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

    /** The runs whose checkpoint was written since {@code since}: running runs large enough to have one, still moving. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> writtenSince(Instant since) {
        return em.createNativeQuery("select run_id from analysis_checkpoint where written_at >= :since")
                .setParameter("since", since).getResultList();
    }

    /**
     * Deletes the checkpoints of runs that are no longer running (the rule of ReportQueries.runningRunIds); a run
     * whose lifecycle row is not stored yet keeps its checkpoint.
     */
    @Transactional
    public int deleteSettled() {
        return em.createNativeQuery("""
                delete from analysis_checkpoint c
                using run r
                where r.run_id = c.run_id
                  and not (r.state in ('PUBLISHING', 'COMPOSED')
                           and (r.state = 'PUBLISHING'
                                or r.prompt_count > (select count(*) from prompt_result p where p.run_id = r.run_id)))""")
                .executeUpdate();
    }
}
