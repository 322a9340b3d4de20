package dev.stresslab.gate.domain;

/**
 * An anytime-valid confidence sequence for the mean of bounded observations: Waudby-Smith and Ramdas (2023),
 * "Estimating means of bounded random variables by betting", JRSS-B, Theorem 2, the predictable plug-in empirical
 * Bernstein (PrPl-EB) bound, kept one-sided on each side so the two sides have their own error rates.
 * <p>
 * For observations X_i in [lo, hi] with conditional mean mu given the past, rescaled to y in [0, 1]:
 * <pre>
 *   mu^_t = (1/2 + sum_{i<=t} y_i) / (t + 1)            sigma^2_t = (1/4 + sum_{i<=t} (y_i - mu^_i)^2) / (t + 1)
 *   lambda_t = min( sqrt( 2 log(1/alpha) / (sigma^2_{t-1} * t * log(1 + t)) ), 1/2 )
 *   psi(lambda) = -log(1 - lambda) - lambda
 *   L_t = ( sum lambda_i y_i - log(1/alpha) - sum (y_i - mu^_{i-1})^2 psi(lambda_i) ) / sum lambda_i
 * </pre>
 * P(there is a t with mu &lt; L_t) &lt;= alpha (Ville's inequality on the exponential supermartingale; the
 * variance proxy is the predictable one, so no variance needs to be known). The upper side is the same bound for
 * 1 - y with its own alpha. Each side keeps its running best (the intersection over time), which is valid because mu
 * is the same at every step. Plain Java, no state but the sums.
 */
public final class ConfidenceSequence {
    /** The cap on the bet; Waudby-Smith and Ramdas use 1/2 or 3/4. */
    static final double MAX_BET = 0.5;

    private final double lo;
    private final double range;
    private final LowerSide lower;
    private final LowerSide upper; // the lower bound of 1 - y
    private int count;
    private double sum;

    /**
     * @param alphaLower P(the lower bound ever exceeds the mean)
     * @param alphaUpper P(the upper bound ever falls below the mean)
     */
    public ConfidenceSequence(double lo, double hi, double alphaLower, double alphaUpper) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("the range must have hi > lo, was [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.range = hi - lo;
        this.lower = new LowerSide(alphaLower);
        this.upper = new LowerSide(alphaUpper);
    }

    public void add(double x) {
        if (x < lo - 1e-12 || x > lo + range + 1e-12 || Double.isNaN(x)) {
            throw new IllegalArgumentException(x + " is outside [" + lo + ", " + (lo + range) + "]");
        }
        double y = Math.max(0, Math.min(1, (x - lo) / range));
        lower.add(y);
        upper.add(1 - y);
        count++;
        sum += x;
    }

    public int count() {
        return count;
    }

    /** The mean of the observations so far (NaN before the first). */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The lower bound (lo before any observation). */
    public double lowerBound() {
        return lo + range * lower.best;
    }

    /** The upper bound (hi before any observation). */
    public double upperBound() {
        return lo + range * (1 - upper.best);
    }

    /** One side: a lower confidence sequence for the mean of y in [0, 1]. */
    private static final class LowerSide {
        private final double logInverseAlpha;
        private int t;
        private double sumY;
        private double sumSquares;      // sum (y_i - mu^_i)^2, for sigma^2
        private double previousMean = 0.5;
        private double previousVariance = 0.25;
        private double sumBets;
        private double sumBetY;
        private double sumPenalty;
        private double best;

        LowerSide(double alpha) {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("an error rate must be in (0, 1), was " + alpha);
            }
            this.logInverseAlpha = Math.log(1 / alpha);
        }

        void add(double y) {
            t++;
            double bet = Math.min(Math.sqrt(2 * logInverseAlpha / (previousVariance * t * Math.log(1 + t))), MAX_BET);
            double deviation = y - previousMean;
            sumBets += bet;
            sumBetY += bet * y;
            sumPenalty += deviation * deviation * (-Math.log(1 - bet) - bet);
            sumY += y;
            double mean = (0.5 + sumY) / (t + 1);
            sumSquares += (y - mean) * (y - mean);
            previousMean = mean;
            previousVariance = (0.25 + sumSquares) / (t + 1);
            best = Math.max(best, (sumBetY - logInverseAlpha - sumPenalty) / sumBets);
        }
    }
}
