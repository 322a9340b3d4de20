package dev.stresslab.analytics.persistence;

import java.util.Set;

/** Fired (asynchronously) after ingestion stored new rows of these runs, so computed reports can be refreshed. */
public record ResultsStored(Set<String> runIds) {
}
