package dev.stresslab.analytics.domain;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the accumulators of a {@link RunAnalysis} write their state and read it back (a held analysis shared through
 * the database: analytics' RunningAnalyses). A plain binary format rather than Java serialization: it is several times
 * smaller and faster, it never builds an object the stream names, and each accumulator says what its state is next to
 * its fields. Strings are written once and named by their index after that (a question id is in several maps).
 */
final class FoldState {
    private FoldState() {
    }

    static final class Writer {
        final DataOutputStream out;
        private final Map<String, Integer> written = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void string(String s) throws IOException {
            Integer index = written.get(s);
            if (index != null) {
                out.writeInt(index);
            } else {
                out.writeInt(-1);
                out.writeUTF(s);
                written.put(s, written.size());
            }
        }

        void longs(long[] values) throws IOException {
            out.writeInt(values.length);
            for (long v : values) {
                out.writeLong(v);
            }
        }

        void doubles(double[] values) throws IOException {
            out.writeInt(values.length);
            for (double v : values) {
                out.writeDouble(v);
            }
        }

        void ints(int[] values, int n) throws IOException {
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeInt(values[i]);
            }
        }

        void stringLongs(Map<String, long[]> map) throws IOException {
            out.writeInt(map.size());
            for (Map.Entry<String, long[]> e : map.entrySet()) {
                string(e.getKey());
                longs(e.getValue());
            }
        }

        void stringDoubles(Map<String, double[]> map) throws IOException {
            out.writeInt(map.size());
            for (Map.Entry<String, double[]> e : map.entrySet()) {
                string(e.getKey());
                doubles(e.getValue());
            }
        }

        void stringCounts(Map<String, Long> map) throws IOException {
            out.writeInt(map.size());
            for (Map.Entry<String, Long> e : map.entrySet()) {
                string(e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }

    static final class Reader {
        final DataInputStream in;
        private final List<String> read = new ArrayList<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        String string() throws IOException {
            int index = in.readInt();
            if (index >= 0) {
                if (index >= read.size()) {
                    throw new IOException("string " + index + " named before it was written");
                }
                return read.get(index);
            }
            String s = in.readUTF();
            read.add(s);
            return s;
        }

        long[] longs() throws IOException {
            long[] values = new long[length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readLong();
            }
            return values;
        }

        double[] doubles() throws IOException {
            double[] values = new double[length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            return values;
        }

        int length() throws IOException {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("negative length " + n);
            }
            return n;
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
                into.put(string(), in.readLong());
            }
        }
    }
}
