package dev.stresslab.analytics.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.Transcript;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and ages out the stored transcripts and prompt texts (V10). */
@ApplicationScoped
public class TranscriptQueries {
    private final EntityManager em;
    private final ObjectMapper mapper;

    public TranscriptQueries(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /** A prompt's transcript, unpacked; empty when none was stored (a failed call, an old event) or it aged out. */
    @Transactional
    public Optional<Transcript> transcript(String promptId) {
        PromptTranscriptEntity row = PromptTranscriptEntity.findById(promptId);
        return row == null ? Optional.empty() : Optional.of(GzipJson.read(mapper, row.body, Transcript.class));
    }

    /** A prompt's chat messages as the composer sent them; empty when not stored. */
    @Transactional
    public Optional<List<ChatMessage>> promptText(String promptId) {
        PromptTextEntity row = PromptTextEntity.findById(promptId);
        return row == null ? Optional.empty()
                : Optional.of(Arrays.asList(GzipJson.read(mapper, row.body, ChatMessage[].class)));
    }

    /** Deletes transcripts and prompt texts recorded before {@code cutoff}; returns how many transcripts went. */
    @Transactional
    public int deleteOlderThan(Instant cutoff) {
        em.createQuery("delete from PromptTextEntity t where t.recordedAt < :cutoff")
                .setParameter("cutoff", cutoff).executeUpdate();
        return em.createQuery("delete from PromptTranscriptEntity t where t.recordedAt < :cutoff")
                .setParameter("cutoff", cutoff).executeUpdate();
    }
}
