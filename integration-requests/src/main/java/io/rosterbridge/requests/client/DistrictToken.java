package io.rosterbridge.requests.client;

/** A district's token for this app. {@link #toString()} hides the token. */
public record DistrictToken(String districtId, String accessToken) {

    @Override
    public String toString() {
        return "DistrictToken[districtId=" + districtId + "]";
    }
}
