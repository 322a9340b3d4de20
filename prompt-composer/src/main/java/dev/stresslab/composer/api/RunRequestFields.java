package dev.stresslab.composer.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * No field of a run request may name a URL, a file path or a header. Benchmarks resolve only to catalog entries and
 * configured files, and model ids only through the gateway's registry, so such a value could never be used; it is
 * refused up front, naming the field, so an attempt is visible instead of failing later as "unknown".
 */
final class RunRequestFields {
    /** Generous for names and ids, short enough that nobody sends a document in one. */
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_QUESTION_IDS = 100_000;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern URL = Pattern.compile("(?i)://|^//|^(https?|file|ftp|jar|data|s3|gs):");
    private static final Pattern PATH = Pattern.compile("[/\\\\]|\\.\\.|^~|^[A-Za-z]:");

    private RunRequestFields() {
    }

    static void check(RunRequest request) {
        name("benchmark", request.benchmark(), "a benchmark name from the catalog or composer.user-benchmarks");
        name("modelId", request.modelId(), "the id of an endpoint registered in the gateway");
        // a run id becomes a path segment of the call to analytics
        name("difficultyFrom", request.difficultyFrom(), "the id of a run that analytics knows");
        List<String> ids = request.questionIds();
        if (ids != null) {
            if (ids.size() > MAX_QUESTION_IDS) {
                throw new BadRunRequestException("'questionIds' lists " + ids.size() + " ids, more than " + MAX_QUESTION_IDS, "questionIds");
            }
            for (int i = 0; i < ids.size(); i++) {
                String field = "questionIds[" + i + "]";
                String id = ids.get(i);
                if (id == null || id.isBlank()) {
                    throw new BadRunRequestException("'" + field + "' is empty", field);
                }
                // ids are only looked up among the loaded benchmark's questions; user files may use any id text
                lineBreaksAndLength(field, id);
            }
        }
    }

    /** A name that is looked up, never opened or dialled: refused if it looks like a URL, a path or a header. */
    private static void name(String field, String value, String expected) {
        if (value == null) {
            return; // "required" is the resource's message
        }
        lineBreaksAndLength(field, value);
        if (URL.matcher(value).find()) {
            throw new BadRunRequestException("'" + field + "' must be " + expected + ", not a URL", field);
        }
        if (PATH.matcher(value).find()) {
            throw new BadRunRequestException("'" + field + "' must be " + expected + ", not a file path", field);
        }
    }

    private static void lineBreaksAndLength(String field, String value) {
        if (CONTROL.matcher(value).find()) {
            // CR/LF would let a value that ends up in a header or a log line start a new one
            throw new BadRunRequestException("'" + field + "' must not contain line breaks or control characters", field);
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new BadRunRequestException("'" + field + "' is longer than " + MAX_NAME_LENGTH + " characters", field);
        }
    }
}
