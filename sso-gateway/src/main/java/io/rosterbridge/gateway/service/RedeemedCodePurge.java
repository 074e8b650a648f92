package io.rosterbridge.gateway.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.gateway.config.GatewayConfig;
import io.rosterbridge.gateway.repository.RedeemedCodeRepository;

/** Forgets redeemed-code hashes after the replay retention; a code lives 60 s at Clever, so minutes are plenty. */
@ApplicationScoped
public class RedeemedCodePurge {

    @Inject
    RedeemedCodeRepository redeemedCodes;

    @Inject
    GatewayConfig config;

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        redeemedCodes.purgeRedeemedBefore(Instant.now().minus(config.replay().retention()));
    }
}
