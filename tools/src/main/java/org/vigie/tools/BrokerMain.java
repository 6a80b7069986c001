package org.vigie.tools;

/**
 * Runs a Kafka broker ({@code kafka.Kafka server.properties}) that ends with the process that started it
 * when {@code -Dvigie.broker.parent=PID} is set, so that a test JVM killed hard leaves no broker behind.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        String parent = System.getProperty("vigie.broker.parent");
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        kafka.Kafka.main(args);
    }
}
