package dev.stresslab.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * LiveCodeBench's packed private tests, {@code base64(zlib(pickle(str)))}, decoded without executing anything: the
 * pickle is read by a decoder that accepts only the opcodes a single Python {@code str} produces (protocols 3-5:
 * PROTO, FRAME, SHORT_BINUNICODE, BINUNICODE, BINUNICODE8, MEMOIZE, BINPUT, LONG_BINPUT, STOP). Any other opcode,
 * a second value, or bytes after STOP is an {@link IllegalArgumentException} saying what was found where.
 */
public final class PickledString {
    /** Inflated pickles above this are refused (a zlib bomb would otherwise take the loader's memory). */
    static final long MAX_INFLATED_BYTES = 1L << 30;

    private PickledString() {
    }

    /** The JSON text inside {@code base64(zlib(pickle(str)))}. */
    public static String decodePacked(String packed) {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(packed.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither JSON nor base64: " + e.getMessage());
        }
        return decode(inflate(compressed));
    }

    static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated zlib stream");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new IllegalArgumentException("zlib stream inflates beyond " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a zlib stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** The one {@code str} a pickle holds. */
    public static String decode(byte[] p) {
        int i = 0;
        String value = null;
        while (i < p.length) {
            int op = p[i] & 0xff;
            int at = i++;
            switch (op) {
                case 0x80 -> i += 1;                       // PROTO n
                case 0x95 -> i += 8;                       // FRAME u64: framing only
                case 0x94 -> { }                           // MEMOIZE
                case 'q' -> i += 1;                        // BINPUT u8
                case 'r' -> i += 4;                        // LONG_BINPUT u32
                case 0x8c, 'X', 0x8d -> {                  // SHORT_BINUNICODE u8, BINUNICODE u32le, BINUNICODE8 u64le
                    if (value != null) {
                        throw new IllegalArgumentException("pickle holds more than one string (second at byte " + at + ")");
                    }
                    int width = op == 0x8c ? 1 : op == 'X' ? 4 : 8;
                    long len = littleEndian(p, i, width, at);
                    i += width;
                    if (len > p.length - i) {
                        throw new IllegalArgumentException("pickle string at byte " + at + " runs past the end");
                    }
                    value = utf8(p, i, (int) len, at);
                    i += (int) len;
                }
                case '.' -> {                              // STOP
                    if (value == null) {
                        throw new IllegalArgumentException("pickle stops before any string");
                    }
                    if (i != p.length) {
                        throw new IllegalArgumentException((p.length - i) + " bytes after the pickle's STOP");
                    }
                    return value;
                }
                default -> throw new IllegalArgumentException(String.format(
                        "pickle opcode 0x%02x at byte %d is not allowed (only a single str is accepted)", op, at));
            }
        }
        throw new IllegalArgumentException("pickle has no STOP");
    }

    private static long littleEndian(byte[] p, int from, int width, int at) {
        if (from + width > p.length) {
            throw new IllegalArgumentException("pickle length at byte " + at + " runs past the end");
        }
        long v = 0;
        for (int k = width - 1; k >= 0; k--) {
            v = (v << 8) | (p[from + k] & 0xff);
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pickle string at byte " + at + " is too long");
        }
        return v;
    }

    private static String utf8(byte[] p, int from, int len, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(p, from, len)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("pickle string at byte " + at + " is not UTF-8");
        }
    }
}
