package io.rosterbridge.requests.notification;

/** What people are told about, fired in the transaction and mailed after it commits. */
public final class Notifications {

    /** A new integration request: the CSM team is told, the contact gets the private status link. */
    public record RequestSubmitted(String districtName, String contactName, String contactEmail, String statusToken,
            int schools, String roles) {
    }

    /** The district's first full sync is applied: the contact and the CSM team are told. */
    public record DistrictRostered(String districtName, String contactName, String contactEmail, String statusToken,
            Integer activeUsers) {
    }

    private Notifications() {
    }
}
