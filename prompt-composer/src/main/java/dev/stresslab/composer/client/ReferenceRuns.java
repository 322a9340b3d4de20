package dev.stresslab.composer.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.composer.domain.InvalidRunException;
import dev.stresslab.composer.domain.QuestionDifficulty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference run's per-question accuracy, read from analytics' JSONL export. Rows of failed model calls are left
 * out. An unknown run, or one with no scored result yet, is the request's fault ({@link InvalidRunException}); an
 * analytics that cannot be reached is {@link AnalyticsUnavailableException}.
 */
@ApplicationScoped
public class ReferenceRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnalyticsClient analytics;

    public ReferenceRuns(@RestClient AnalyticsClient analytics) {
        this.analytics = analytics;
    }

    public QuestionDifficulty difficulty(String runId) {
        try (InputStream in = analytics.results(runId)) {
            return fromResults(runId, in);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new InvalidRunException("reference run '" + runId + "' is unknown to analytics", "difficultyFrom");
            }
            throw new AnalyticsUnavailableException("analytics answered HTTP " + e.getResponse().getStatus()
                    + " for reference run '" + runId + "'", e);
        } catch (ProcessingException | IOException | UncheckedIOException e) {
            throw new AnalyticsUnavailableException("cannot read reference run '" + runId + "' from analytics: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads analytics' results.jsonl export (also what the prompts command's --difficulty-from file holds). */
    public static QuestionDifficulty fromResults(String runId, InputStream jsonl) throws IOException {
        List<QuestionDifficulty.Slot> slots = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            if (!row.hasNonNull("questionId")) {
                throw new IOException("a results row without questionId: " + line.substring(0, Math.min(120, line.length())));
            }
            if (!row.hasNonNull("failure")) { // a failed model call says nothing about the question
                slots.add(new QuestionDifficulty.Slot(row.get("questionId").asText(), row.path("correct").asBoolean()));
            }
        }
        if (slots.isEmpty()) {
            throw new InvalidRunException("reference run '" + runId + "' has no scored results yet", "difficultyFrom");
        }
        return QuestionDifficulty.fromSlots(runId, slots);
    }
}
