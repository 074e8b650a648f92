package io.rosterbridge.requests.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A school named in the intake request, with its Clever id when the requester knew it. */
@Entity
@Table(name = "requested_school")
public class RequestedSchool extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne
    @JoinColumn(name = "request_id")
    public IntegrationRequest request;

    public int position;

    public String name;

    @Column(name = "clever_school_id")
    public String cleverSchoolId;
}
