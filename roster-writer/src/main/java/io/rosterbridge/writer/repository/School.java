package io.rosterbridge.writer.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A school of the roster, read side; written by {@link RosterTables}. */
@Entity
@Immutable
@Table(name = "school")
public class School extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "district_id")
    public String districtId;

    public String name;

    @Column(name = "sis_id")
    public String sisId;

    @Column(name = "school_number")
    public String schoolNumber;

    @Column(name = "low_grade")
    public String lowGrade;

    @Column(name = "high_grade")
    public String highGrade;

    public boolean active;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
