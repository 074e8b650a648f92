package io.rosterbridge.requests.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.rosterbridge.requests.client.FetcherApi.LiveUpdatesStatus;

/** A district's live updates (Clever's events) as sync-fetcher reports them, for the console's district page. */
@ApplicationScoped
public class LiveUpdates {

    @Inject
    @RestClient
    FetcherApi api;

    /** @throws FetcherUnavailableException when the fetcher does not answer; FetcherRefusedException when it refuses */
    public LiveUpdatesStatus of(String districtId) {
        return FetcherCalls.call(() -> api.liveUpdates(districtId));
    }
}
