package io.rosterbridge.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time spent during a run, so variants can be compared by CPU per login even while other work shares the
 * machine (throughput and latency then depend on what the others do; CPU per login hardly does). Counts this JVM
 * (gateway and the in-process harness), the load generator's own threads within it, and the PostgreSQL cluster
 * whose data directory lies under this module's target directory (the embedded database: a separate process).
 */
final class CpuMeter {

    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<Long> loadGeneratorThreads;

    CpuMeter(List<Long> loadGeneratorThreads) {
        this.loadGeneratorThreads = List.copyOf(loadGeneratorThreads);
    }

    /** CPU nanoseconds so far: this JVM, the load generator's threads, the embedded PostgreSQL (-1 when not found). */
    record Sample(long jvm, long loadGenerator, long postgres) {

        Sample minus(Sample earlier) {
            return new Sample(jvm - earlier.jvm, loadGenerator - earlier.loadGenerator,
                    postgres < 0 || earlier.postgres < 0 ? -1 : postgres - earlier.postgres);
        }
    }

    Sample sample() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long generator = loadGeneratorThreads.stream().mapToLong(id -> Math.max(0, threads.getThreadCpuTime(id))).sum();
        return new Sample(jvm, generator, postgresCpu());
    }

    /** utime + stime of the postmaster whose command line names a data directory under target/, and its children. */
    private static long postgresCpu() {
        String target = Path.of("target").toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<Path> pids = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
            Long postmaster = null;
            for (Path pid : pids) { // the newest one: a crashed earlier run may have left its cluster running
                String cmdline = read(pid.resolve("cmdline")).replace('\0', ' ');
                long id = Long.parseLong(pid.getFileName().toString());
                if (cmdline.contains("postgres") && cmdline.contains(" -D ") && cmdline.contains(target)
                        && (postmaster == null || id > postmaster)) {
                    postmaster = id;
                }
            }
            if (postmaster == null) {
                return -1;
            }
            long ticks = 0;
            for (Path pid : pids) {
                String[] stat = stat(pid);
                if (stat.length > 15 && (pid.getFileName().toString().equals(postmaster.toString()) || stat[3].equals(postmaster.toString()))) {
                    ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                }
            }
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** /proc/PID/stat fields, with the command name (which may hold spaces) collapsed to one field. */
    private static String[] stat(Path pid) {
        String stat = read(pid.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return new String[0];
        }
        return (stat.substring(0, stat.indexOf('(')) + "x" + stat.substring(close + 1)).trim().split(" +");
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
