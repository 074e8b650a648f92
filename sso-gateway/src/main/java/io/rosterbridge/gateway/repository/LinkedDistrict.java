package io.rosterbridge.gateway.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A district integration-requests has linked, as last seen on district.links. Only {@code active} ones log in. */
@Entity
@Table(name = "linked_district")
public class LinkedDistrict {

    @Id
    @Column(name = "district_id")
    public String districtId;

    @Column(name = "organisation_id")
    public String organisationId;

    @Column(name = "district_name")
    public String districtName;

    public String status;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
