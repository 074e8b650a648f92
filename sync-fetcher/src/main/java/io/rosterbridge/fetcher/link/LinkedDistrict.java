package io.rosterbridge.fetcher.link;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A district the fetcher may sync, and which of its schools are licensed. */
@Entity
@Table(name = "linked_district")
public class LinkedDistrict extends PanacheEntityBase {

    @Id
    @Column(name = "district_id")
    public String districtId;

    @Column(name = "organisation_id")
    public String organisationId;

    @Column(name = "district_name")
    public String districtName;

    public String status;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "licensed_school_ids")
    public String[] licensedSchoolIds;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
