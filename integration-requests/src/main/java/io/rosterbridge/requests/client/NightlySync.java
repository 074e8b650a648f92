package io.rosterbridge.requests.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.rosterbridge.requests.client.FetcherApi.Night;

/** The night's sync of every district as sync-fetcher reports it, for the console's "Tonight" page. */
@ApplicationScoped
public class NightlySync {

    @Inject
    @RestClient
    FetcherApi api;

    /** @throws FetcherUnavailableException when the fetcher does not answer; FetcherRefusedException when it refuses */
    public Night tonight() {
        return FetcherCalls.call(api::night);
    }
}
