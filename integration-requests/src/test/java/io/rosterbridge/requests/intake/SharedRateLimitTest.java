package io.rosterbridge.requests.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * The intake limit is counted in PostgreSQL. Attempts racing on separate connections (as two replicas' requests do)
 * never get past it together, and the table keeps no client address.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class SharedRateLimitTest {

    private static final int LIMIT = 10; // intake.rate-limit.max-requests

    @Inject
    AgroalDataSource dataSource;

    @Test
    void attemptsRacingFromOneAddressNeverGetPastTheLimitTogether() throws Exception {
        String address = TestData.address();
        int racing = LIMIT + 6;
        ExecutorService pool = Executors.newFixedThreadPool(racing);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < racing; i++) {
                Callable<Integer> attempt = () -> given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                        .body("{}").when().post("/api/requests").then().extract().statusCode();
                statuses.add(pool.submit(attempt));
            }
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                seen.add(status.get());
            }
            assertThat(seen).filteredOn(s -> s == 400).as("attempts let through to validation").hasSize(LIMIT);
            assertThat(seen).filteredOn(s -> s == 429).as("attempts refused").hasSize(racing - LIMIT);
        } finally {
            pool.shutdownNow();
        }
        assertThat(attemptsStoredUnder(sha256(address))).isEqualTo(LIMIT);
        assertThat(attemptsStoredUnder(address)).as("no row keeps the address itself").isZero();
    }

    private long attemptsStoredUnder(String key) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM intake_attempt WHERE address_digest = ?")) {
            count.setString(1, key);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
