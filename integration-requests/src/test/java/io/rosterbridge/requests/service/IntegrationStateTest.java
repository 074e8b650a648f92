package io.rosterbridge.requests.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.rosterbridge.requests.repository.IntegrationState;

class IntegrationStateTest {

    @Test
    void followsTheOnboardingPathInOrder() {
        IntegrationState[] path = { IntegrationState.SUBMITTED, IntegrationState.CONNECTED, IntegrationState.SHARED,
                IntegrationState.LINKED, IntegrationState.SYNCING, IntegrationState.ROSTERED, IntegrationState.ACTIVE };
        for (int i = 0; i + 1 < path.length; i++) {
            assertThat(path[i].canMoveTo(path[i + 1])).as(path[i] + " → " + path[i + 1]).isTrue();
        }
        assertThat(IntegrationState.SUBMITTED.canMoveTo(IntegrationState.LINKED)).isFalse();
        assertThat(IntegrationState.CONNECTED.canMoveTo(IntegrationState.LINKED)).isFalse();
        assertThat(IntegrationState.ACTIVE.canMoveTo(IntegrationState.SUBMITTED)).isFalse();
    }

    @Test
    void anyConnectedStateCanDisconnectAndOnlyReconnectAfterwards() {
        for (IntegrationState state : IntegrationState.values()) {
            boolean expected = state != IntegrationState.SUBMITTED && state != IntegrationState.DISCONNECTED;
            assertThat(state.canMoveTo(IntegrationState.DISCONNECTED)).as(state.name()).isEqualTo(expected);
        }
        assertThat(IntegrationState.DISCONNECTED.canMoveTo(IntegrationState.CONNECTED)).isTrue();
        assertThat(IntegrationState.DISCONNECTED.canMoveTo(IntegrationState.ACTIVE)).isFalse();
    }

    @Test
    void linkStatusTellsTheFetcherWhetherToSync() {
        assertThat(Lifecycle.linkStatus(IntegrationState.ROSTERED)).isEqualTo("active");
        assertThat(Lifecycle.linkStatus(IntegrationState.PAUSED)).isEqualTo("paused");
        assertThat(Lifecycle.linkStatus(IntegrationState.DISCONNECTED)).isEqualTo("disconnected");
        assertThat(IntegrationState.fromCode("syncing")).isEqualTo(IntegrationState.SYNCING);
    }
}
