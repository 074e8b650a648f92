package io.rosterbridge.gateway.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class LinkedDistrictRepository implements PanacheRepositoryBase<LinkedDistrict, String> {
}
