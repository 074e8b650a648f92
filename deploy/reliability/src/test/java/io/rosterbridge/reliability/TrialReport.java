package io.rosterbridge.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of every trial, printed as they happen and rewritten to target/reliability-report.md after each
 * trial (so a run that dies half-way still leaves its figures), in the table format of docs/reliability.md.
 */
final class TrialReport {

    /** One trial: what was broken, how (seed and moment), how long it took, and what the comparison found. */
    record Trial(String kind, long seed, String how, String outcome, double seconds, long recordsCompared,
            long mismatches) {
    }

    private final HarnessSettings settings;
    private final List<Trial> trials = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Instant started = Instant.now();

    TrialReport(HarnessSettings settings) {
        this.settings = settings;
    }

    synchronized void add(Trial trial) {
        trials.add(trial);
        System.out.printf(Locale.ROOT, "[reliability] %-28s seed=%d %s -> %s in %.1f s; %d records compared, %d mismatches%n",
                trial.kind(), trial.seed(), trial.how(), trial.outcome(), trial.seconds(), trial.recordsCompared(), trial.mismatches());
        write();
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("[reliability] " + note);
        write();
    }

    synchronized long totalMismatches() {
        return trials.stream().mapToLong(Trial::mismatches).sum();
    }

    private void write() {
        StringBuilder md = new StringBuilder();
        md.append("# Reliability run (").append(settings.variant()).append(" variant)\n\n")
                .append(String.format(Locale.ROOT, "Started %s; %d users per district; %d trials of each kill kind; base seed %d.%n%n",
                        started, settings.users(), settings.trials(), settings.seed()))
                .append("| # | Trial | Seed | What was broken, when | Outcome | Seconds | Records compared | Mismatches |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s | %.1f | %d | %d |%n", i + 1, t.kind(), t.seed(),
                    t.how().replace("|", "/"), t.outcome().replace("|", "/"), t.seconds(), t.recordsCompared(), t.mismatches()));
        }
        md.append(String.format(Locale.ROOT, "%nTotal: %d trials, %d records compared, %d mismatches.%n", trials.size(),
                trials.stream().mapToLong(Trial::recordsCompared).sum(), totalMismatches()));
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n.replace("\n", " ")).append('\n'));
        }
        try {
            Path file = settings.reportFile();
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
