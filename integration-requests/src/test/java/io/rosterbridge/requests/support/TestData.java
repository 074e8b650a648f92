package io.rosterbridge.requests.support;

import java.util.UUID;

/** Unique names and addresses per test, so tests sharing one database and broker never collide. */
public final class TestData {

    private TestData() {
    }

    public static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A distinct client address per test (the test profile trusts X-Forwarded-For). */
    public static String address() {
        UUID u = UUID.randomUUID();
        return "10." + (u.getLeastSignificantBits() & 0xff) + "." + ((u.getLeastSignificantBits() >> 8) & 0xff) + "."
                + ((u.getLeastSignificantBits() >> 16) & 0xff);
    }

    public static String intakeJson(String districtName, String email) {
        return "{\"districtName\":\"" + districtName + "\",\"schools\":[{\"name\":\"North High\"},{\"name\":\"South Elementary\"}],"
                + "\"contactName\":\"Ada Admin\",\"contactEmail\":\"" + email + "\","
                + "\"sharedRoles\":[\"students\",\"teachers\",\"staff\"],\"notes\":\"Go live before spring\"}";
    }
}
