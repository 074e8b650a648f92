package io.rosterbridge.writer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.writer.service.PersonQueries;
import io.rosterbridge.writer.support.StaffTokens;

/**
 * The person search benchmark behind docs/benchmarks/roster-writer.md ("Person search"); runs only with
 * {@code -Pbenchmark -Dtest=PersonSearchBenchmark}. Bulk-loads {@code bench.search.users} (1,000,000) users over
 * {@code bench.search.districts} (50) districts with {@code COPY} (names drawn from generated first and last names,
 * emails, SIS ids), then times {@code bench.search.queries} (200) searches of each kind through the REST API as
 * support (token check included) after a warm-up, and reports p50 / p95 / max per kind, and p50 / p95 of the same
 * searches in the service alone (SQL, no HTTP). The seed is printed.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class PersonSearchBenchmark {

    private static final String[] SYLLABLES = { "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "qui",
            "ro", "sa", "te", "vi", "wo", "xa", "yu", "zo", "an", "el", "in", "or", "ul", "son", "ley", "ton", "berg" };

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PersonQueries service;

    @Test
    void searchAMillionUserRoster() throws Exception {
        int users = Integer.getInteger("bench.search.users", 1_000_000);
        int districts = Integer.getInteger("bench.search.districts", 50);
        int queries = Integer.getInteger("bench.search.queries", 200);
        long seed = Long.getLong("bench.seed", System.nanoTime());
        System.out.println("PersonSearchBenchmark seed " + seed);
        Random random = new Random(seed);

        List<String> firstNames = names(random, 800, 2);
        List<String> lastNames = names(random, 20_000, 3);
        long loadStart = System.nanoTime();
        List<Sample> samples = load(random, users, districts, firstNames, lastNames);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE roster_user");
        }

        String token = StaffTokens.support();
        Map<String, Function<Sample, String>> kinds = new LinkedHashMap<>();
        kinds.put("Clever id", s -> s.id);
        kinds.put("Email (whole address)", s -> s.email);
        kinds.put("Email prefix (before the @, with @)", s -> s.email.substring(0, s.email.indexOf('@') + 1));
        kinds.put("SIS id", s -> s.sisId);
        kinds.put("Last name", s -> s.last);
        kinds.put("First and last name", s -> s.first + " " + s.last);
        kinds.put("Last name prefix, 3 letters", s -> s.last.substring(0, 3));
        kinds.put("First name prefix, 2 letters", s -> s.first.substring(0, 2));

        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "%,d users in %d districts (%,d distinct first and %,d last names), loaded with COPY in %.0f s; seed %d; %d searches of each kind after %d warm-up searches, through `GET /api/people` as support (bearer token checked), page size 25:",
                users, districts, firstNames.size(), lastNames.size(), loadSeconds, seed, queries, queries / 4));
        report.add("");
        report.add("| Search | p50 ms | p95 ms | max ms | service only p50 ms | service only p95 ms | results per page (mean) |");
        report.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Function<Sample, String>> kind : kinds.entrySet()) {
            for (int i = 0; i < queries / 4; i++) {
                search(token, kind.getValue().apply(samples.get(random.nextInt(samples.size()))));
            }
            long[] nanos = new long[queries];
            long[] serviceNanos = new long[queries];
            long results = 0;
            for (int i = 0; i < queries; i++) {
                String query = kind.getValue().apply(samples.get(random.nextInt(samples.size())));
                long start = System.nanoTime();
                int found = search(token, query);
                nanos[i] = System.nanoTime() - start;
                assertThat(found).as(kind.getKey() + " '" + query + "' finds the person it was drawn from").isPositive();
                results += found;
                // The same search again below HTTP and the token check: the service and its SQL alone.
                start = System.nanoTime();
                service.search(query, null, 25, 0);
                serviceNanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            Arrays.sort(serviceNanos);
            report.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |", kind.getKey(), p(nanos, 0.5),
                    p(nanos, 0.95), nanos[queries - 1] / 1e6, p(serviceNanos, 0.5), p(serviceNanos, 0.95), results / (double) queries));
        }
        String markdown = String.join("\n", report) + "\n";
        System.out.println(markdown);
        Path out = Path.of("target", "benchmark", "person-search.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
    }

    /** The {@code quantile} of sorted nanoseconds, in milliseconds (nearest rank). */
    private static double p(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(sorted.length * quantile) - 1] / 1e6;
    }

    private static int search(String token, String query) {
        return given().auth().oauth2(token).queryParam("q", query).when().get("/api/people")
                .then().statusCode(200).extract().path("data.size()");
    }

    /** One loaded user the searches are drawn from. */
    private record Sample(String id, String first, String last, String email, String sisId) {
    }

    /** Distinct capitalised names of {@code syllables} syllables. */
    private static List<String> names(Random random, int count, int syllables) {
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < count) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < syllables; i++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            names.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        return List.copyOf(names);
    }

    private List<Sample> load(Random random, int users, int districts, List<String> firstNames, List<String> lastNames)
            throws Exception {
        HexFormat hex = HexFormat.of();
        List<Sample> samples = new ArrayList<>();
        String[] districtIds = new String[districts];
        String[][] schools = new String[districts][];
        for (int d = 0; d < districts; d++) {
            districtIds[d] = cleverId(random, hex);
            schools[d] = new String[20];
            for (int s = 0; s < 20; s++) {
                schools[d][s] = cleverId(random, hex);
            }
        }
        UUID run = UUID.randomUUID();
        int batch = 50_000;
        try (Connection connection = dataSource.getConnection()) {
            for (int start = 0; start < users; start += batch) {
                StringBuilder rows = new StringBuilder(batch * 400);
                for (int i = start; i < Math.min(users, start + batch); i++) {
                    int d = i % districts;
                    String id = cleverId(random, hex);
                    String first = firstNames.get(random.nextInt(firstNames.size()));
                    String last = lastNames.get(random.nextInt(lastNames.size()));
                    String email = (first + "." + last + "." + i + "@d" + d + ".example.org").toLowerCase(Locale.ROOT);
                    String sisId = "S" + (10_000_000 + i);
                    String school = schools[d][random.nextInt(20)];
                    String role = i % 10 == 0 ? "teacher" : "student";
                    String roles = "[{\"role\":\"" + role + "\",\"schoolIds\":[\"" + school + "\"],\"primarySchoolId\":\"" + school
                            + "\",\"sisId\":\"" + sisId + "\",\"attributes\":{}}]";
                    rows.append(id).append('\t').append(districtIds[d]).append('\t').append(first).append("\t\\N\t").append(last)
                            .append('\t').append(email).append('\t').append(roles).append("\t{").append(role).append("}\t{")
                            .append(school).append("}\tt\t2026-08-01 00:00:00+00\t\\N\t").append(run).append('\n');
                    if (random.nextInt(users / 2000 + 1) == 0) {
                        samples.add(new Sample(id, first, last, email, sisId));
                    }
                }
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY roster_user (id, district_id, first_name, "
                        + "middle_name, last_name, email, roles, role_names, school_ids, active, last_change_at, archived_at, "
                        + "last_run_id) FROM STDIN", new StringReader(rows.toString()));
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM roster_user")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(users);
            }
        }
        return samples;
    }

    private static String cleverId(Random random, HexFormat hex) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return hex.formatHex(bytes);
    }
}
