package org.vigie.detector;

import java.util.Locale;
import org.vigie.engine.Algorithm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --algorithm}: an algorithm's short name, in any case, or IsolationForest's full name as Smile spells it. */
final class AlgorithmConverter implements ITypeConverter<Algorithm> {

    @Override
    public Algorithm convert(String value) {
        String name = value.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        if (name.equals("isolationforest")) {
            return Algorithm.IFOREST;
        }
        for (Algorithm a : Algorithm.values()) {
            if (a.id().equals(name)) {
                return a;
            }
        }
        throw new TypeConversionException("expected dbscan, iforest (or isolationforest) or zscore, not '" + value + "'");
    }
}
