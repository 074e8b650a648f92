package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.rosterbridge.sandbox.generator.FleetMix;

class FleetMixTest {

    @Test
    void sameSeedGivesTheSameSizesAndAnotherSeedOthers() {
        assertThat(FleetMix.sizes(500, 42)).isEqualTo(FleetMix.sizes(500, 42));
        assertThat(FleetMix.sizes(500, 42)).isNotEqualTo(FleetMix.sizes(500, 43));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 7_777, 20_261_207})
    void fiveHundredDistrictsHoldAboutAMillionUsersMostlySmallAndTenLarge(long seed) {
        List<Integer> sizes = FleetMix.sizes(500, seed);

        assertThat(sizes).hasSize(500);
        long total = sizes.stream().mapToLong(Integer::longValue).sum();
        assertThat(total).isBetween(900_000L, 1_100_000L);
        List<Integer> large = sizes.stream().filter(s -> s > FleetMix.SMALL_MAX).toList();
        assertThat(large).hasSize(10).allSatisfy(s -> assertThat(s).isBetween(FleetMix.LARGE_MIN, FleetMix.LARGE_MAX));
        List<Integer> small = sizes.stream().filter(s -> s <= FleetMix.SMALL_MAX).toList();
        assertThat(small).hasSize(490).allSatisfy(s -> assertThat(s).isBetween(FleetMix.SMALL_MIN, FleetMix.SMALL_MAX));
        // most small districts are nearer 500 than 5,000, and the range is used up to its top
        assertThat(small.stream().filter(s -> s < 1_500).count()).isGreaterThan(300);
        assertThat(small.stream().filter(s -> s > 3_500).count()).isPositive();
    }

    @Test
    void largeDistrictsAreSpreadThroughTheFleetNotAppended() {
        List<Integer> sizes = FleetMix.sizes(500, 42);

        assertThat(sizes.subList(0, 250).stream().filter(s -> s > FleetMix.SMALL_MAX).count()).isPositive();
        assertThat(sizes.subList(250, 500).stream().filter(s -> s > FleetMix.SMALL_MAX).count()).isPositive();
    }

    @Test
    void aSmallFleetHasNoLargeDistrict() {
        assertThat(FleetMix.sizes(20, 42)).hasSize(20).allSatisfy(s -> assertThat(s).isBetween(FleetMix.SMALL_MIN, FleetMix.SMALL_MAX));
        assertThat(FleetMix.largeCount(49)).isZero();
        assertThat(FleetMix.largeCount(50)).isOne();
        assertThatThrownBy(() -> FleetMix.sizes(0, 42)).isInstanceOf(IllegalArgumentException.class);
    }
}
