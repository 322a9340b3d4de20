package dev.stresslab.analytics.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How transcripts and prompt texts are stored: JSON, gzip'd (a reasoning output shrinks to about a quarter). */
public final class GzipJson {
    private GzipJson() {
    }

    public static byte[] write(ObjectMapper mapper, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            mapper.writeValue(gz, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(body), 1 << 16)) {
            return mapper.readValue(gz, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
