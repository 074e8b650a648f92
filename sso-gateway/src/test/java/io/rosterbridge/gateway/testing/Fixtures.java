package io.rosterbridge.gateway.testing;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import org.awaitility.Awaitility;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rosterbridge.gateway.repository.LinkedDistrict;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;

/** Ids and linked districts for login tests. */
public final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A fresh Clever-style id (24 lowercase hex characters). */
    public static String cleverId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Publishes the district's link on district.links and waits until the gateway has consumed it. */
    public static void link(LinkedDistrictRepository districts, String districtId, String status) {
        KafkaTopics.publishLink(KafkaTopics.districtLink(districtId, status));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> {
                    LinkedDistrict district = districts.findById(districtId);
                    return district != null && status.equals(district.status);
                }));
    }
}
