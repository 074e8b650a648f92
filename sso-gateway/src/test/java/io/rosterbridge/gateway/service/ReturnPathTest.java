package io.rosterbridge.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/passes", "/passes/new?from=portal", "/a/b#section", "/%2F%2Fevil.example"})
    void acceptsPathsOnThisSite(String path) {
        assertThat(ReturnPath.parse(path)).contains(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
            "javascript:alert(1)", "evil.example/path", "/ok\r\nLocation: https://evil.example", "/tab\there", "http:/evil.example"})
    void refusesAnythingThatCouldLeaveTheSite(String path) {
        assertThatThrownBy(() -> ReturnPath.parse(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path on this site");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankMeansNone(String path) {
        assertThat(ReturnPath.parse(path)).isEmpty();
        assertThat(ReturnPath.parse(null)).isEmpty();
    }

    @Test
    void refusesOverlongPaths() {
        assertThat(ReturnPath.isSafe("/" + "a".repeat(ReturnPath.MAX_LENGTH))).isFalse();
    }
}
