package io.rosterbridge.infra.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * Apache Kafka's own broker in KRaft mode (one node, broker and controller roles), in this JVM.
 * Sized for tests and a laptop: small cleaner buffer, few threads, replication factor 1.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param logDir where the broker keeps its data (kept across restarts when it already holds a formatted log)
     * @param port   the PLAINTEXT port, or 0 for a free one
     */
    public EmbeddedKafka(Path logDir, int port) {
        this(logDir, port, 0);
    }

    /** With a fixed controller port too, so a broker restarted on the same log directory finds its quorum again. */
    public EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public synchronized EmbeddedKafka start() {
        // A fatal broker error would otherwise halt the whole JVM and hide the cause (Surefire: "terminated without saying goodbye").
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to halt (" + status + "): " + message);
        });
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to exit (" + status + "): " + message);
        });
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties();
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Creates the topics that do not exist yet, each with its number of partitions; compacted ones get
     * cleanup.policy=compact. A topic that exists keeps its partitions (more would move districts' keys to other
     * partitions under records still in flight).
     */
    public void createTopics(Map<String, Integer> partitionsByTopic, Set<String> compacted) {
        Set<String> topics = partitionsByTopic.keySet();
        try (Admin admin = admin()) {
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitionsByTopic.get(topic), (short) 1);
                if (compacted.contains(topic)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + topics, e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner pre-allocates 128 MiB by default; a few MiB is plenty here and keeps test heaps small.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }

    private void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDir, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker did not become ready", e);
                    }
                }
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
