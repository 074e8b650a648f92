package io.rosterbridge.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.rosterbridge.reliability.ExpectedRoster.ExpectedUser;
import io.rosterbridge.sandbox.SandboxWorld;

/** A generated district under test: its licensed schools and every user it has ever shared (for "archived exactly"). */
final class TrackedDistrict {

    final String id;
    final String name;
    final Set<String> licensed;
    final Set<String> everShared = new HashSet<>();
    /** The users expected at the last comparison. */
    Set<String> lastExpected = Set.of();

    private TrackedDistrict(String id, String name, Set<String> licensed) {
        this.id = id;
        this.name = name;
        this.licensed = licensed;
    }

    /**
     * Generates the district in the sandbox and links it with every school but the last licensed, so the
     * licensing cut is part of every comparison.
     */
    static TrackedDistrict generate(ReliabilityStack system, String name, int users, long seed) {
        SandboxWorld world = system.world();
        String id = world.generateDistrict(name, users, seed);
        List<String> schools = world.schoolIds(id);
        Set<String> licensed = new TreeSet<>(schools.size() > 1 ? schools.subList(0, schools.size() - 1) : schools);
        system.commands.link(id, name, licensed);
        awaitLinked(system, id);
        return new TrackedDistrict(id, name, licensed);
    }

    /** sync-fetcher refuses to sync a district it has not seen linked yet; wait until the link reached its table. */
    private static void awaitLinked(ReliabilityStack system, String districtId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(system.stack.jdbcUrl("sync_fetcher"), "postgres", "postgres");
                    PreparedStatement s = c.prepareStatement("SELECT 1 FROM linked_district WHERE district_id = ?")) {
                s.setString(1, districtId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
                Thread.sleep(200);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("sync-fetcher did not record the link of " + districtId + " within 60 s");
    }

    Map<String, ExpectedUser> expected(SandboxWorld world) {
        return ExpectedRoster.of(world, id, licensed);
    }

    /** Compares the roster with the sandbox now; what is shared now joins the "ever shared" set afterwards. */
    RosterComparison.Result compare(ReliabilityStack system) throws SQLException {
        Map<String, ExpectedUser> expected = expected(system.world());
        RosterComparison.Result result = RosterComparison.compare(system.roster, id, expected, everShared);
        everShared.addAll(expected.keySet());
        lastExpected = Set.copyOf(expected.keySet());
        return result;
    }
}
