package org.vigie.producer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * Everything the producer engine needs, resolved from options and settings files.
 *
 * @param port serial device path (COM3, /dev/ttyACM0, a symlink...)
 * @param serial baud rate and framing
 * @param separator between topic and value on a line
 * @param maxLineLength longer lines are dropped up to their newline
 * @param kafka Kafka producer properties, bootstrap servers included
 * @param sourceId record key: all values of one source go to one partition, in order
 * @param allowedTopics topics that may be published to; empty means any
 * @param maxTopics cap on distinct topics, so that a noisy line cannot create topics without end
 * @param referenceDir where to write one reference record log per topic, or null
 * @param bufferLines readings held while Kafka is slow or away; when full, new lines are dropped and counted
 * @param drainTimeout how long a stop waits for pending values to be acknowledged
 */
public record ProducerSettings(
        String port,
        SerialSettings serial,
        String separator,
        int maxLineLength,
        Properties kafka,
        String sourceId,
        Set<String> allowedTopics,
        int maxTopics,
        Path referenceDir,
        int bufferLines,
        Duration drainTimeout) {

    /** Serial line framing, as jSerialComm takes it. */
    public record SerialSettings(int baud, int dataBits, Parity parity, StopBits stopBits) {
        public String describe() {
            return baud + " " + dataBits + parity.name().charAt(0) + stopBits.label;
        }
    }

    public enum Parity {
        NONE(0), ODD(1), EVEN(2), MARK(3), SPACE(4);

        final int code;

        Parity(int code) {
            this.code = code;
        }
    }

    public enum StopBits {
        ONE(1, "1"), ONE_POINT_FIVE(2, "1.5"), TWO(3, "2");

        final int code;
        final String label;

        StopBits(int code, String label) {
            this.code = code;
            this.label = label;
        }
    }
}
