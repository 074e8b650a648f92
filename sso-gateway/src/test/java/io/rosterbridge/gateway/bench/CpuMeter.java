package io.rosterbridge.gateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.rosterbridge.infra.testing.PostgresCpu;

/**
 * CPU time spent during a run, by owner, so variants can be compared by CPU per login even while other work shares
 * the machine, and so the gateway's share is told apart from the harness's (everything runs in this JVM):
 * <ul>
 * <li>{@link Owner#GATEWAY}: Quarkus's event loops (the gateway's HTTP server and its clients: code exchange,
 * roster API), its worker threads ({@code executor-thread-*}), its Kafka client and pool threads;</li>
 * <li>{@link Owner#LOAD_GENERATOR}: the generator's event loop and the dispatcher;</li>
 * <li>{@link Owner#KAFKA_BROKER}: the embedded broker's threads;</li>
 * <li>{@link Owner#IDENTITY_PROVIDER_AND_FAKES}: every other Java thread — the Clever sandbox (its own Vert.x: code
 * issue, token endpoint with the RS256 signature), the roster API fake, the staff OIDC provider;</li>
 * <li>{@link Owner#JVM_INTERNAL}: what no Java thread accounts for — garbage collection, JIT compilation;</li>
 * <li>{@link Owner#POSTGRESQL}: the embedded PostgreSQL cluster under this module's target directory (a separate
 * process), -1 when it is not found.</li>
 * </ul>
 * Threads are polled every {@value #POLL_MILLIS} ms and remembered with the last CPU time seen, so a thread that ends
 * during a run (an idle worker retiring) keeps its share instead of falling into {@link Owner#JVM_INTERNAL}.
 */
final class CpuMeter implements AutoCloseable {

    enum Owner {
        GATEWAY, LOAD_GENERATOR, KAFKA_BROKER, IDENTITY_PROVIDER_AND_FAKES, JVM_INTERNAL, POSTGRESQL
    }

    private static final List<String> GATEWAY_THREADS = List.of("executor-thread-", "kafka-producer-",
            "kafka-coordinator-heartbeat-thread", "smallrye-kafka-", "micrometer-kafka-", "agroal-", "vert.x-internal-blocking-",
            "vert.x-worker-thread-", "quarkus-scheduler-");
    private static final List<String> BROKER_THREADS = List.of("data-plane-", "kafka-", "quorum-", "group-coordinator-",
            "controller-", "broker-", "raft-", "ExpirationReaper-", "LogDirFailureHandler", "transaction-", "share-",
            "persister-", "executor-Fetch", "executor-group-coordinator");
    private static final long POLL_MILLIS = 100;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Set<Long> gatewayEventLoops;
    private final Set<Long> loadGeneratorThreads;
    /** Every Java thread seen: its owner and the last CPU time read. */
    private final Map<Long, Seen> seen = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-cpu-meter");
        thread.setDaemon(true);
        return thread;
    });

    private record Seen(Owner owner, long cpuNanos) {
    }

    CpuMeter(Set<Long> gatewayEventLoops, Set<Long> loadGeneratorThreads) {
        this.gatewayEventLoops = Set.copyOf(gatewayEventLoops);
        this.loadGeneratorThreads = Set.copyOf(loadGeneratorThreads);
        poller.scheduleAtFixedRate(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private synchronized void poll() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                seen.put(info.getThreadId(), new Seen(ownerOf(info), cpu));
            }
        }
    }

    /** CPU nanoseconds so far, by owner. */
    record Sample(Map<Owner, Long> nanos) {

        Sample minus(Sample earlier) {
            Map<Owner, Long> difference = new EnumMap<>(Owner.class);
            nanos.forEach((owner, value) -> {
                long before = earlier.nanos.getOrDefault(owner, 0L);
                difference.put(owner, value < 0 || before < 0 ? -1 : value - before);
            });
            return new Sample(difference);
        }

        long of(Owner owner) {
            return nanos.getOrDefault(owner, 0L);
        }

        /** All CPU of this JVM and PostgreSQL. */
        long total() {
            return nanos.values().stream().mapToLong(value -> Math.max(0, value)).sum();
        }
    }

    synchronized Sample sample() {
        poll();
        Map<Owner, Long> nanos = new EnumMap<>(Owner.class);
        for (Owner owner : Owner.values()) {
            nanos.put(owner, 0L);
        }
        long javaThreads = 0;
        for (Seen thread : seen.values()) {
            javaThreads += thread.cpuNanos();
            nanos.merge(thread.owner(), thread.cpuNanos(), Long::sum);
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        nanos.put(Owner.JVM_INTERNAL, Math.max(0, process - javaThreads));
        nanos.put(Owner.POSTGRESQL, postgresCpu());
        return new Sample(nanos);
    }

    private Owner ownerOf(ThreadInfo info) {
        String name = info.getThreadName();
        if (loadGeneratorThreads.contains(info.getThreadId()) || name.startsWith("bench-")) {
            return Owner.LOAD_GENERATOR;
        }
        if (gatewayEventLoops.contains(info.getThreadId()) || GATEWAY_THREADS.stream().anyMatch(name::startsWith)) {
            return Owner.GATEWAY;
        }
        if (BROKER_THREADS.stream().anyMatch(name::startsWith)) {
            return Owner.KAFKA_BROKER;
        }
        return Owner.IDENTITY_PROVIDER_AND_FAKES;
    }

    /** The embedded cluster under target/ (this module's), in nanoseconds; -1 when it is not found. */
    private static long postgresCpu() {
        PostgresCpu.Sample sample = PostgresCpu.of(Path.of("target"));
        return sample == null ? -1 : sample.totalNanos();
    }
}
