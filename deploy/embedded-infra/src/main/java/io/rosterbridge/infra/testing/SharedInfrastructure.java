package io.rosterbridge.infra.testing;

/**
 * One broker and one database server per test JVM, started on first use and stopped at exit.
 * {@code -Drosterbridge.infra=testcontainers} (Maven: {@code -Dinfra=testcontainers}) swaps in containers.
 */
public final class SharedInfrastructure {

    public static final String MODE_PROPERTY = "rosterbridge.infra";

    private static Infrastructure instance;

    private SharedInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            String mode = System.getProperty(MODE_PROPERTY, "embedded");
            instance = switch (mode) {
                case "embedded" -> new EmbeddedInfrastructure();
                case "testcontainers" -> new ContainerInfrastructure();
                default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be embedded or testcontainers, not " + mode);
            };
            Infrastructure started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "infra-shutdown"));
        }
        return instance;
    }
}
