package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.User;

class DistrictGeneratorTest {

    @Test
    void sameSeedGivesTheSameDistrict() {
        SandboxWorld first = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));
        SandboxWorld second = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));

        String a = first.generateDistrict("Seeded", 5000, 42);
        String b = second.generateDistrict("Seeded", 5000, 42);

        assertThat(a).isEqualTo(b);
        List<String> ids = first.userIds(a, (String) null);
        assertThat(ids).isEqualTo(second.userIds(b, (String) null)).isSorted().doesNotHaveDuplicates();
        assertThat(ids).extracting(id -> first.user(id).last()).isEqualTo(ids.stream().map(id -> second.user(id).last()).toList());
    }

    @Test
    void reusingASeedInOneWorldGivesFreshIds() {
        SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));

        String a = world.generateDistrict("One", 100, 7);
        String b = world.generateDistrict("Two", 100, 7);

        assertThat(a).isNotEqualTo(b);
        assertThat(world.userIds(a, (String) null)).doesNotContainAnyElementsOf(world.userIds(b, (String) null));
    }

    @Test
    void hasEveryKindOfUserASyncMustHandle() {
        SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));
        String district = world.generateDistrict("Mix", 20_000, 3);
        List<User> users = world.userIds(district, (String) null).stream().map(world::user).toList();

        assertThat(users).hasSize(20_000);
        for (Role role : Role.values()) {
            assertThat(users).anySatisfy(u -> assertThat(u.hasRole(role)).isTrue());
        }
        assertThat(users).anySatisfy(u -> assertThat(u.email()).isNull());
        assertThat(users).anySatisfy(u -> assertThat(u.teacher() != null && u.staff() != null).isTrue());
        assertThat(users).anySatisfy(u -> assertThat(u.teacher() != null && u.teacher().schools().length == 2).isTrue());
        assertThat(world.schoolIds(district)).hasSize(25);
        assertThat(world.sectionIds(district)).isNotEmpty();
    }
}
