package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The held-analysis state's numbers and strings come back exactly, small counts are short, damage is refused. */
class FoldStateTest {

    @Test
    void numbersAndStringsComeBackExactly() throws IOException {
        long[] longs = {0, 1, -1, 127, 128, -64, 300, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        double[] doubles = {0, -0.0, 1, -2500, 0.5, 1e300, Math.pow(2, 53), Double.NaN, Double.NEGATIVE_INFINITY, 123456789};
        FoldState.Writer w = new FoldState.Writer();
        w.longs(longs);
        w.doubles(doubles);
        w.ints(new int[]{5, 0, 70000, 9}, 3);
        w.string("q1");
        w.string("Counting & Probability é");
        w.string("q1");
        w.writeInt(-7);
        w.writeLong(Long.MIN_VALUE + 3);
        FoldState.Reader r = new FoldState.Reader(w.toByteArray());
        assertArrayEquals(longs, r.longs());
        double[] back = r.doubles();
        for (int i = 0; i < doubles.length; i++) {
            assertEquals(Double.doubleToRawLongBits(doubles[i]), Double.doubleToRawLongBits(back[i]), "double " + i);
        }
        assertEquals(3, r.length());
        assertEquals(5, r.varInt());
        assertEquals(0, r.varInt());
        assertEquals(70000, r.varInt());
        String q1 = r.string();
        assertEquals("q1", q1);
        assertEquals("Counting & Probability é", r.string());
        assertSame(q1, r.string(), "a string written again is the one read first");
        assertEquals(-7, r.readInt());
        assertEquals(Long.MIN_VALUE + 3, r.readLong());
        assertTrue(r.atEnd());
    }

    @Test
    void smallCountsTakeOneByteAndDamageIsRefused() {
        FoldState.Writer w = new FoldState.Writer();
        w.longs(new long[20]); // a question's per-level counts, mostly zeros
        assertEquals(1 + 20, w.toByteArray().length);
        // eleven continuation bytes: not a varint
        byte[] endless = new byte[12];
        java.util.Arrays.fill(endless, (byte) 0x80);
        IOException e = assertThrows(IOException.class, () -> new FoldState.Reader(endless).varLong());
        assertTrue(e.getMessage().contains("varint"), e.getMessage());
        // a string named by an index never written; a length beyond the bytes; a number cut short
        FoldState.Writer named = new FoldState.Writer();
        named.varLong(3);
        assertThrows(IOException.class, () -> new FoldState.Reader(named.toByteArray()).string());
        FoldState.Writer beyond = new FoldState.Writer();
        beyond.varLong(1000);
        assertThrows(IOException.class, () -> new FoldState.Reader(beyond.toByteArray()).longs());
        assertThrows(IOException.class, () -> new FoldState.Reader(new byte[]{1, 2}).readInt());
    }
}
