package org.vigie.engine;


/**
 * What a detector says of one value: its state; its calibrated score in [0, 1] (how unusual the value is
 * against the model's recent raw scores, the same meaning for every algorithm; NaN while initialising);
 * and the model's own evidence (null while initialising).
 */
public record Decision(Verdict state, double score, Evidence evidence) {

    static final Decision INITIALISING = new Decision(Verdict.INITIALISING, Double.NaN, null);

    public boolean anomaly() {
        return state == Verdict.ANOMALY;
    }
}
