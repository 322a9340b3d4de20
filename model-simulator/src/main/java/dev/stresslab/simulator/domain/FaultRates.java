package dev.stresslab.simulator.domain;

/**
 * Probabilities of random faults per request; they are drawn in this order from one uniform number, so their sum is
 * the total fault rate (values summing above 1 are effectively truncated).
 */
public record FaultRates(double rate429, double rate500, double rateMalformed, double rateHang, double rateDrop) {

    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0);

    public FaultRates {
        for (double r : new double[]{rate429, rate500, rateMalformed, rateHang, rateDrop}) {
            if (r < 0 || r > 1 || Double.isNaN(r)) {
                throw new IllegalArgumentException("fault rates must be within [0, 1]");
            }
        }
    }

    /**
     * The fault for one request: the header's when it names one (including "none"), otherwise a draw from the rates
     * with {@code uniform} in [0, 1).
     */
    public Fault decide(Fault fromHeader, double uniform) {
        if (fromHeader != null) {
            return fromHeader;
        }
        double u = uniform;
        if ((u -= rate429) < 0) {
            return Fault.RATE_LIMITED;
        }
        if ((u -= rate500) < 0) {
            return Fault.SERVER_ERROR;
        }
        if ((u -= rateMalformed) < 0) {
            return Fault.MALFORMED;
        }
        if ((u -= rateHang) < 0) {
            return Fault.HANG;
        }
        if ((u -= rateDrop) < 0) {
            return Fault.DROP;
        }
        return Fault.NONE;
    }
}
