package io.rosterbridge.gateway.listener;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.rosterbridge.gateway.config.GatewayConfig;
import io.rosterbridge.gateway.repository.LinkChangeFeed;
import io.rosterbridge.gateway.service.LinkedDistricts;

/**
 * Drops this replica's cached link of a district as soon as any replica commits a change to it. district.links is
 * consumed by one replica per partition (one consumer group), so without this the other replicas would let a paused
 * district log in until their cache entry expired.
 */
@ApplicationScoped
public class LinkChangeListener {

    @Inject
    LinkChangeFeed feed;

    @Inject
    LinkedDistricts cachedLinks;

    @Inject
    GatewayConfig config;

    private volatile boolean running = true;
    private Thread listening;

    void start(@Observes StartupEvent started) {
        GatewayConfig.LinkChanges settings = config.linkChanges();
        listening = new Thread(() -> feed.follow(cachedLinks::forget, cachedLinks::forgetAll, () -> running,
                settings.poll().toMillis(), settings.retry().toMillis()), "link-change-listener");
        listening.setDaemon(true);
        listening.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (listening != null) {
            listening.join(config.linkChanges().poll().toMillis() * 2);
        }
    }
}
