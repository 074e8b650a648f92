package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rosterbridge.sandbox.model.User;

/** The demo district holds the people the README promises. */
class DemoDistrictTest {

    private final SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));
    private final String district = world.addDemoDistrict();

    @Test
    void hasTheDocumentedIdAndSchools() {
        assertThat(district).isEqualTo("60480c009b1118f994000001");
        assertThat(world.schoolIds(district)).hasSize(3);
        assertThat(world.districtToken(district)).matches("[0-9a-f]{40}");
    }

    @Test
    void hasTheAwkwardUsersASyncAndALoginMustHandle() {
        assertThat(byName("Ava", "Chen").student().grade()).isEqualTo("3");
        assertThat(byName("Milo", "Park").email()).isNull();
        assertThat(byName("Zoe", "Martin").student().schools()).hasSize(2);
        User priya = byName("Priya", "Natarajan");
        assertThat(priya.teacher()).isNotNull();
        assertThat(priya.staff()).isNotNull();
        User marcus = byName("Marcus", "Bell");
        assertThat(marcus.teacher()).isNotNull();
        assertThat(marcus.districtAdmin()).isNotNull();
        assertThat(byName("Jonas", "Reyes").teacher().schools()).hasSize(2);
        assertThat(world.userIds(district, "district_admin")).isNotEmpty();
        assertThat(world.userIds(district, "staff")).isNotEmpty();
    }

    private User byName(String first, String last) {
        List<User> matches = world.userIds(district, (String) null).stream().map(world::user)
                .filter(u -> u.first().equals(first) && u.last().equals(last)).toList();
        assertThat(matches).hasSize(1);
        return matches.get(0);
    }
}
