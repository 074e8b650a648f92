package io.rosterbridge.infra.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of the embedded PostgreSQL cluster whose data directory lies under a given folder, for benchmarks that run
 * beside it: its postmaster and every child process, read from /proc (Linux). Children are told apart by the title
 * PostgreSQL gives each process: backends (client connections) and background processes (checkpointer, WAL and
 * background writers, autovacuum), and client connections by their database. A child that has ended is counted
 * through the postmaster, which adds the CPU of the children it reaps to its own account: a connection the pool
 * replaced, or an autovacuum worker that came and went between two samples, is not lost.
 */
public final class PostgresCpu {

    /**
     * CPU time so far, in nanoseconds: of the client connections still open (and by their database), of the postmaster
     * and its background processes, and of the processes that have ended.
     */
    public record Sample(long backendNanos, long backgroundNanos, long endedNanos, Map<String, Long> backendNanosByDatabase) {

        public Sample(long backendNanos, long backgroundNanos) {
            this(backendNanos, backgroundNanos, 0, Map.of());
        }

        public long totalNanos() {
            return backendNanos + backgroundNanos + endedNanos;
        }
    }

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ on Linux
    private static final Pattern BACKGROUND = Pattern
            .compile("autovacuum|checkpointer|walwriter|background writer|wal writer|logical replication launcher");

    private PostgresCpu() {
    }

    /**
     * The newest cluster whose command line names a data directory under {@code folder} (a crashed earlier run may
     * have left its cluster running); null when there is none or no /proc.
     */
    public static Sample of(Path folder) {
        String under = folder.toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<Path> pids = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
            Long postmaster = null;
            for (Path pid : pids) {
                String cmdline = read(pid.resolve("cmdline")).replace('\0', ' ');
                long id = Long.parseLong(pid.getFileName().toString());
                if (cmdline.contains("postgres") && cmdline.contains(" -D ") && cmdline.contains(under)
                        && (postmaster == null || id > postmaster)) {
                    postmaster = id;
                }
            }
            if (postmaster == null) {
                return null;
            }
            long backend = 0;
            long background = 0;
            long ended = 0;
            Map<String, Long> byDatabase = new TreeMap<>();
            for (Path pid : pids) {
                String[] stat = stat(pid);
                boolean isPostmaster = pid.getFileName().toString().equals(postmaster.toString());
                if (stat.length > 16 && (isPostmaster || stat[3].equals(postmaster.toString()))) {
                    long ticks = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                    String title = read(pid.resolve("cmdline")).replace('\0', ' ').trim();
                    if (isPostmaster) {
                        background += ticks;
                        ended += Long.parseLong(stat[15]) + Long.parseLong(stat[16]); // the reaped children's
                    } else if (BACKGROUND.matcher(title).find()) {
                        background += ticks;
                    } else {
                        backend += ticks;
                        // "postgres: <user> <database> <client> <activity>"
                        String[] words = title.split(" +");
                        byDatabase.merge(words.length > 2 ? words[2] : "?", ticks * NANOS_PER_TICK, Long::sum);
                    }
                }
            }
            return new Sample(backend * NANOS_PER_TICK, background * NANOS_PER_TICK, ended * NANOS_PER_TICK, byDatabase);
        } catch (IOException | RuntimeException e) {
            return null;
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
