package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HoldPolicyTest {

    private final HoldPolicy policy = new HoldPolicy(0.10, 1000);

    @Test
    void letsSmallRemovalsThrough() {
        assertThat(policy.holdReason(0, 100)).isEmpty();
        assertThat(policy.holdReason(10, 100)).isEmpty();
        assertThat(policy.holdReason(1000, 50_000)).isEmpty();
    }

    @Test
    void holdsMoreThanTheShare() {
        assertThat(policy.holdReason(11, 100)).hasValueSatisfying(r -> assertThat(r).contains("11 of 100"));
    }

    @Test
    void holdsMoreThanTheCountWhateverTheShare() {
        assertThat(policy.holdReason(1001, 100_000)).hasValueSatisfying(r -> assertThat(r).contains("1001"));
    }
}
