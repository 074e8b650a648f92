package io.rosterbridge.writer.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A user of the roster, read side. Rows are written only by {@link RosterTables}' batch path, hence immutable here.
 */
@Entity
@Immutable
@Table(name = "roster_user")
public class RosterUser extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "district_id")
    public String districtId;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "middle_name")
    public String middleName;

    @Column(name = "last_name")
    public String lastName;

    public String email;

    /** The contract's role objects as JSON text (jsonb in the table). */
    @ColumnTransformer(read = "roles::text")
    public String roles;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "role_names")
    public String[] roleNames;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "school_ids")
    public String[] schoolIds;

    public boolean active;

    @Column(name = "last_change_at")
    public Instant lastChangeAt;

    @Column(name = "archived_at")
    public Instant archivedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
