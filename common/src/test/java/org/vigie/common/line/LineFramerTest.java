package org.vigie.common.line;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final List<String> events = new ArrayList<>();
    private final LineFramer.Sink sink = new LineFramer.Sink() {
        @Override
        public void line(byte[] bytes, int offset, int length) {
            events.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong(long length) {
            events.add("TOO_LONG:" + length);
        }
    };

    private void feed(LineFramer f, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        f.feed(b, 0, b.length, sink);
    }

    @Test
    void cutsLinesAcrossArbitraryChunks() {
        LineFramer f = new LineFramer(64);
        String stream = "a!1\r\nbb!2\r\n\r\nccc!3\n";
        for (char c : stream.toCharArray()) {
            feed(f, String.valueOf(c));
        }
        assertEquals(List.of("a!1\r", "bb!2\r", "\r", "ccc!3"), events);
    }

    @Test
    void overlongLineIsDroppedUpToItsNewlineAndReportedOnce() {
        LineFramer f = new LineFramer(8);
        feed(f, "ok!1\n");
        feed(f, "x".repeat(1_000_000)); // 1 MB without a newline: bounded memory
        feed(f, "yy\nok!2\n");
        feed(f, "12345678\n123456789\n");
        assertEquals(List.of("ok!1", "TOO_LONG:1000002", "ok!2", "12345678", "TOO_LONG:9"), events);
    }

    @Test
    void resetDropsThePartialLine() {
        LineFramer f = new LineFramer(64);
        feed(f, "half!4");
        assertEquals(6, f.reset());
        feed(f, "t!5\n");
        assertEquals(List.of("t!5"), events);
    }
}
