package io.rosterbridge.gateway.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RedeemedCodeRepository implements PanacheRepositoryBase<RedeemedCode, String> {

    public long purgeRedeemedBefore(Instant cutoff) {
        return delete("redeemedAt < ?1", cutoff);
    }
}
