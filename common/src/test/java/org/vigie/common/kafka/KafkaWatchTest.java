package org.vigie.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KafkaWatchTest {

    private static List<String> told(boolean... changes) {
        List<String> lines = new ArrayList<>();
        Consumer<Boolean> l = KafkaWatch.downAndBack(() -> lines.add("down"), () -> lines.add("back"));
        for (boolean up : changes) {
            l.accept(up);
        }
        return lines;
    }

    @Test
    void aFirstAnswerIsNotNews() {
        assertEquals(List.of(), told(true));
        assertEquals(List.of("down", "back"), told(true, false, true));
    }

    /** Issue 20, item 9: an outage that began before the first connection also ends with a line. */
    @Test
    void anOutageFromTheStartEndsWithALine() {
        assertEquals(List.of("down", "back", "down", "back"), told(false, true, false, true));
    }
}
