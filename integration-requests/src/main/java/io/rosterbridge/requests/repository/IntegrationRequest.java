package io.rosterbridge.requests.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A district integration: the intake request, then the district's state, sharing check and link. */
@Entity
@Table(name = "integration_request")
public class IntegrationRequest extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "district_name")
    public String districtName;

    /** Normalised district name: one request per district. */
    @Column(name = "district_name_key")
    public String districtNameKey;

    /** The Clever district id, known once the district connects. */
    @Column(name = "district_id")
    public String districtId;

    @Column(name = "contact_name")
    public String contactName;

    @Column(name = "contact_email")
    public String contactEmail;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shared_roles")
    public String[] sharedRoles;

    public String notes;

    @Convert(converter = CodeColumn.IntegrationStateColumn.class)
    public IntegrationState state;

    @Column(name = "state_before_pause")
    @Convert(converter = CodeColumn.IntegrationStateColumn.class)
    public IntegrationState stateBeforePause;

    @Column(name = "status_token")
    public String statusToken;

    @Column(name = "submitted_from")
    public String submittedFrom;

    @Column(name = "organisation_id")
    public String organisationId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "licensed_school_ids")
    public String[] licensedSchoolIds;

    /** The last sharing check as JSON (see SharingReport). */
    @Column(name = "sharing_report")
    public String sharingReport;

    @Column(name = "sharing_checked_at")
    public Instant sharingCheckedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    @OneToMany(mappedBy = "request", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<RequestedSchool> schools = new ArrayList<>();

    public static Optional<IntegrationRequest> findByStatusToken(String token) {
        return find("statusToken", token).firstResultOptional();
    }

    public static Optional<IntegrationRequest> findByDistrictId(String districtId) {
        return find("districtId", districtId).firstResultOptional();
    }

    public static Optional<IntegrationRequest> findByNameKey(String nameKey) {
        return find("districtNameKey", nameKey).firstResultOptional();
    }

    public static List<IntegrationRequest> findByStates(List<IntegrationState> states) {
        return list("state in ?1 order by createdAt", states);
    }

    public static List<IntegrationRequest> listNewestFirst() {
        return list("order by createdAt desc");
    }
}
