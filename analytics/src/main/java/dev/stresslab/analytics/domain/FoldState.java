package dev.stresslab.analytics.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the accumulators of a {@link RunAnalysis} write their state and read it back (a held analysis shared through
 * the database: analytics' RunningAnalyses). A plain binary format rather than Java serialization: it is several times
 * smaller and faster, it never builds an object the bytes name, and each accumulator says what its state is next to
 * its fields. It works on a byte array, not a stream: a state is a few hundred thousand small numbers, and a stream
 * call per byte cost several times the decoding. Strings are written once and named by their index after that (a
 * question id is in several maps); counts are varints (most are small, and a question's per-level array is mostly
 * zeros), and sums of token counts are whole numbers written the same way (any other double is written whole).
 */
final class FoldState {
    private FoldState() {
    }

    static final class Writer {
        private byte[] bytes = new byte[1 << 16];
        private int size;
        private final Map<String, Integer> written = new HashMap<>();

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, 2 * bytes.length));
            }
        }

        void writeInt(int v) {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        void writeLong(long v) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        /** A long in 1 to 10 bytes: zigzag (small negatives stay short), 7 bits a byte, low bits first. */
        void varLong(long v) {
            room(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            bytes[size++] = (byte) z;
        }

        /** A whole double below 2^52 as an even varint, any other as 1 and its 8 bytes. */
        void varDouble(double v) {
            long whole = (long) v;
            if (whole == v && Math.abs(whole) < (1L << 52) && !(v == 0 && Double.doubleToRawLongBits(v) != 0)) {
                varLong(whole * 2);
            } else {
                varLong(1);
                writeLong(Double.doubleToRawLongBits(v));
            }
        }

        void string(String s) {
            Integer index = written.get(s);
            if (index != null) {
                varLong(index);
            } else {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varLong(-1 - utf8.length); // negative: a new string of this many bytes follows
                room(utf8.length);
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
                written.put(s, written.size());
            }
        }

        void longs(long[] values) {
            varLong(values.length);
            for (long v : values) {
                varLong(v);
            }
        }

        void doubles(double[] values) {
            varLong(values.length);
            for (double v : values) {
                varDouble(v);
            }
        }

        void ints(int[] values, int n) {
            varLong(n);
            for (int i = 0; i < n; i++) {
                varLong(values[i]);
            }
        }

        void stringLongs(Map<String, long[]> map) {
            varLong(map.size());
            for (Map.Entry<String, long[]> e : map.entrySet()) {
                string(e.getKey());
                longs(e.getValue());
            }
        }

        void stringDoubles(Map<String, double[]> map) {
            varLong(map.size());
            for (Map.Entry<String, double[]> e : map.entrySet()) {
                string(e.getKey());
                doubles(e.getValue());
            }
        }

        void stringCounts(Map<String, Long> map) {
            varLong(map.size());
            for (Map.Entry<String, Long> e : map.entrySet()) {
                string(e.getKey());
                varLong(e.getValue());
            }
        }
    }

    static final class Reader {
        private final byte[] bytes;
        private int at;
        private final List<String> read = new ArrayList<>();

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean atEnd() {
            return at == bytes.length;
        }

        private void need(int n) throws IOException {
            if (n < 0 || at + n > bytes.length) {
                throw new IOException("state cut short at byte " + at);
            }
        }

        int readInt() throws IOException {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (bytes[at++] & 0xFF);
            }
            return v;
        }

        long readLong() throws IOException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (bytes[at++] & 0xFF);
            }
            return v;
        }

        long varLong() throws IOException {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) {
                    throw new IOException("varint longer than 10 bytes at byte " + at);
                }
                need(1);
                int b = bytes[at++];
                z |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
        }

        int varInt() throws IOException {
            long v = varLong();
            if (v != (int) v) {
                throw new IOException("varint " + v + " is not an int");
            }
            return (int) v;
        }

        double varDouble() throws IOException {
            long v = varLong();
            if (v == 1) {
                return Double.longBitsToDouble(readLong());
            }
            if ((v & 1) != 0) {
                throw new IOException("odd varint " + v + " for a double");
            }
            return v / 2;
        }

        /** A count of elements that follow (each takes at least one byte). */
        int length() throws IOException {
            int n = varInt();
            if (n < 0 || n > bytes.length - at) {
                throw new IOException("length " + n + " at byte " + at + " beyond the state");
            }
            return n;
        }

        String string() throws IOException {
            long v = varLong();
            if (v >= 0) {
                if (v >= read.size()) {
                    throw new IOException("string " + v + " named before it was written");
                }
                return read.get((int) v);
            }
            long n = -1 - v;
            need((int) Math.min(Integer.MAX_VALUE, n));
            String s = new String(bytes, at, (int) n, StandardCharsets.UTF_8);
            at += (int) n;
            read.add(s);
            return s;
        }

        long[] longs() throws IOException {
            long[] values = new long[length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = varLong();
            }
            return values;
        }

        double[] doubles() throws IOException {
            double[] values = new double[length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = varDouble();
            }
            return values;
        }

        /** An accumulator's fixed set of {@code n} counts ({@code what} names it in the error). */
        long[] counts(int n, String what) throws IOException {
            long[] values = longs();
            if (values.length != n) {
                throw new IOException(what + " has " + values.length + " counts, not " + n);
            }
            return values;
        }

        void stringLongs(Map<String, long[]> into) throws IOException {
            for (int i = length(); i > 0; i--) {
                into.put(string(), longs());
            }
        }

        void stringDoubles(Map<String, double[]> into) throws IOException {
            for (int i = length(); i > 0; i--) {
                into.put(string(), doubles());
            }
        }

        void stringCounts(Map<String, Long> into) throws IOException {
            for (int i = length(); i > 0; i--) {
                into.put(string(), varLong());
            }
        }
    }
}
