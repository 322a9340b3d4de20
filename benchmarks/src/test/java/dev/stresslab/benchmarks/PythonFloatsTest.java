package dev.stresslab.benchmarks;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PythonFloatsTest {
    @Test
    void matchesPythonRepr() {
        // Expected values are what CPython 3 prints for repr(float).
        assertEquals("27.0", PythonFloats.repr(27.0));
        assertEquals("3159.0", PythonFloats.repr(3159.0));
        assertEquals("0.5", PythonFloats.repr(0.5));
        assertEquals("-2.25", PythonFloats.repr(-2.25));
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("0.30000000000000004", PythonFloats.repr(0.1 + 0.2));
        assertEquals("0.0001", PythonFloats.repr(0.0001));
        assertEquals("1e-05", PythonFloats.repr(0.00001));
        assertEquals("1000000000000000.0", PythonFloats.repr(1e15));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("1.5e+16", PythonFloats.repr(1.5e16));
        assertEquals("1.2345e-07", PythonFloats.repr(1.2345e-7));
        assertEquals("2e-300", PythonFloats.repr(2e-300));
        assertEquals("1.7976931348623157e+308", PythonFloats.repr(Double.MAX_VALUE));
        assertEquals("5e-324", PythonFloats.repr(Double.MIN_VALUE));
        assertEquals("0.0", PythonFloats.repr(0.0));
        assertEquals("-0.0", PythonFloats.repr(-0.0));
        assertEquals("123456789.123", PythonFloats.repr(123456789.123));
        assertEquals("inf", PythonFloats.repr(Double.POSITIVE_INFINITY));
        assertEquals("nan", PythonFloats.repr(Double.NaN));
        assertEquals("12", PythonFloats.str(BigInteger.valueOf(12)));
    }
}
