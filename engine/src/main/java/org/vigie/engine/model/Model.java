package org.vigie.engine.model;

import java.util.SplittableRandom;
import org.vigie.engine.Evidence;

/**
 * A model of what the memory holds: fitted on a schedule, asked about every value in between. Keeps no
 * I/O and no randomness of its own (the generator comes with each fit).
 */
public interface Model {

    /**
     * Fits the model on {@code memory}, each coordinate weighed by {@code weights} (0: the coordinate does
     * not count yet). {@code round} numbers the refresh period the fit opens (position / refresh): a model
     * renewed a part at a time renews part {@code round mod parts}, so a detector rebuilt from the horizon
     * renews the same parts as an uninterrupted one.
     */
    void fit(Memory memory, double[] weights, SplittableRandom random, long round);


    /** Whether {@link #fit} has run. */
    boolean fitted();

    /** The model's evidence about feature vector {@code x} (the memory as it is now, for a model that reads it). */
    Evidence judge(double[] x);

    /**
     * Tells the model, before it judges the next value, whether that value stayed nearer the last one than the level
     * before it (a lasting change) or went back (a glitch). Both models remember a lasting change's start, so that its
     * repeats are not outliers: DBSCAN among its past outliers, the forest among its lasting outliers.
     */
    default void settled(boolean lasting) {
    }

    /** Options of one model: each algorithm has its own record. */
    sealed interface Options permits DbscanModel.Options, IsolationForestModel.Options {

        /**
         * The model these options configure, over {@code memory}; {@code window} is the features' window (the
         * values a value is judged in, which a density model does not count as its neighbours).
         */
        Model create(Memory memory, int window);

        /** Refits after which every part of the model has been refitted (1 for a model refitted whole at each fit). */
        default int rounds() {
            return 1;
        }

        /**
         * Values before the memory that the model's judgements still depend on (0: none; DBSCAN: those over which it
         * remembers its past outliers), counted in the restart horizon.
         */
        default int reach() {
            return 0;
        }

        /** The options as name=value pairs, for the record log header and the event. */
        java.util.Map<String, String> parameters();
    }
}
