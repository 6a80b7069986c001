package org.vigie.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vigie.tools.Folders;
import org.vigie.tools.KafkaBroker;

/**
 * One real broker for all the tests of a class, in a temporary folder of its own: started before the first
 * test, stopped (and its folder deleted) after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedBroker kafka = new SharedBroker();
 * ... kafka.broker().bootstrapServers() ...
 * }</pre>
 */
public final class SharedBroker implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("vigie-kafka-");
        broker = KafkaBroker.startForTest(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        RuntimeException stopping = null;
        try {
            if (broker != null) {
                broker.stop();
            }
        } catch (RuntimeException e) {
            stopping = e;
        }
        try {
            if (dir != null) {
                Folders.deleteTree(dir);
            }
        } catch (IOException e) {
            if (stopping == null) {
                throw e;
            }
            stopping.addSuppressed(e); // the broker's failure to stop is the news; a folder it left behind follows
        }
        if (stopping != null) {
            throw stopping;
        }
    }

    /** The class's broker (a test may stop and start it again: it keeps its folder and ports). */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the class's first test: register SharedBroker as a static field");
        }
        return broker;
    }
}
