package dev.stresslab.analytics.domain;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Every analysis of one run and its interval counts, folded slot by slot: a running run's analysis grows with its
 * new results (analytics' RunningAnalyses keeps one per running run), and finishing it costs what its questions,
 * outputs' shapes and (level, position) cells cost, not a pass over every slot. A settled run is folded once from all
 * its slots. The analyses are those of {@link StressAnalysis}, {@link LabelAwareReading}, {@link QuestionTagBreakdown}
 * and {@link ClusteredEstimate.RunCounts}, each written once as an accumulator that their list-taking functions use
 * too. Not thread-safe. Pure.
 */
public final class RunAnalysis {
    private final ClusteredEstimate.RunCounts.Builder counts = new ClusteredEstimate.RunCounts.Builder();
    private final StressAnalysis.Positions positions = new StressAnalysis.Positions();
    private final StressAnalysis.TokenCells tokens = new StressAnalysis.TokenCells();
    private final StressAnalysis.Effort effort = new StressAnalysis.Effort();
    private final StressAnalysis.Overthink overthinking = new StressAnalysis.Overthink();
    private final StressAnalysis.Breakdown breakdown = new StressAnalysis.Breakdown();
    private final StressAnalysis.LlmCounts llm = new StressAnalysis.LlmCounts();
    private final LabelAwareReading.Accumulator labelAware = new LabelAwareReading.Accumulator();
    private final QuestionTagBreakdown.Accumulator questionTags = new QuestionTagBreakdown.Accumulator();

    /** Everything the analysis shows, and the counts the report's intervals and headline come from. */
    public record Result(List<StressAnalysis.PositionReport> positions, List<TokenBox> tokenBoxes,
                         List<StressAnalysis.AdaptiveEffort> adaptiveEffort,
                         List<StressAnalysis.Overthinking> overthinking, List<StressAnalysis.LevelBreakdown> levels,
                         LabelAwareReading labelAware, QuestionTagBreakdown questionTags,
                         StressAnalysis.LlmExtraction llmExtraction, ClusteredEstimate.RunCounts counts) {
    }

    /** A run's analysis from all its slots. */
    public static RunAnalysis of(List<Slot> slots, Map<String, QuestionTagBreakdown.QuestionTags> tags) {
        RunAnalysis a = new RunAnalysis();
        a.addOutputs(slots, tags);
        return a;
    }

    /**
     * Folds in the slots of whole outputs: every slot of each output they hold (a prompt's slots are stored
     * together), none of which was added before.
     *
     * @param tags the dataset tags of their questions (a question without tags may be missing)
     */
    public void addOutputs(List<Slot> slots, Map<String, QuestionTagBreakdown.QuestionTags> tags) {
        for (Slot s : slots) {
            counts.add(s);
            positions.add(s);
            tokens.add(s);
            effort.add(s);
            overthinking.add(s);
            breakdown.add(s);
            llm.add(s);
            labelAware.add(s);
            questionTags.add(s, tags.get(s.questionId()));
        }
        counts.closeOutputs();
        labelAware.closeOutputs();
        questionTags.closeOutputs();
    }

    /**
     * Raised whenever an accumulator's state or the meaning of a number in it changes: state written by another
     * release is then not read (its reader folds every slot instead).
     */
    static final int STATE_FORMAT = 1;

    /** Everything folded in so far, to be read back by {@link #fromState} (on another replica, after a restart). */
    public byte[] state() {
        FoldState.Writer w = new FoldState.Writer();
        w.writeInt(STATE_FORMAT);
        counts.write(w);
        positions.write(w);
        tokens.write(w);
        effort.write(w);
        overthinking.write(w);
        breakdown.write(w);
        llm.write(w);
        labelAware.write(w);
        questionTags.write(w);
        return w.toByteArray();
    }

    /**
     * The analysis whose {@link #state} this is: it finishes to the same result and folds new slots in the same way.
     *
     * @throws IOException when the state is not this release's or is damaged
     */
    public static RunAnalysis fromState(byte[] state) throws IOException {
        FoldState.Reader r = new FoldState.Reader(state);
        int format = r.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("analysis state format " + format + ", this release reads " + STATE_FORMAT);
        }
        RunAnalysis a = new RunAnalysis();
        try {
            a.counts.read(r);
            a.positions.read(r);
            a.tokens.read(r);
            a.effort.read(r);
            a.overthinking.read(r);
            a.breakdown.read(r);
            a.llm.read(r);
            a.labelAware.read(r);
            a.questionTags.read(r);
        } catch (RuntimeException e) {
            throw new IOException("analysis state not readable: " + e, e);
        }
        if (!r.atEnd()) {
            throw new IOException("analysis state longer than what it holds");
        }
        return a;
    }

    /** Slots folded in so far. */
    public long slots() {
        return counts.size();
    }

    /** The interval counts alone (the report's). */
    public ClusteredEstimate.RunCounts counts() {
        return counts.build();
    }

    /** The analysis of every slot folded in so far; later additions do not change it. */
    public Result result() {
        ClusteredEstimate.RunCounts all = counts.build();
        return new Result(positions.finish(), tokens.finish(), effort.finish(), overthinking.finish(),
                breakdown.finish(), labelAware.finish(all), questionTags.finish(), llm.finish(), all);
    }
}
