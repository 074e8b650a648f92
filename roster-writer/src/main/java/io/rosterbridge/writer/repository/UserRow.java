package io.rosterbridge.writer.repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.RosterChange;

/**
 * One user change as a roster_user row in COPY text form ({@link UserWriter#COLUMNS}), with the hash of the columns a
 * change may alter (district, names, email, roles, schools, active). Those columns come first and are hashed as
 * written, so two changes with the same content always hash alike.
 */
public record UserRow(String id, byte[] contentHash, String line) {

    /** How many bytes of the SHA-256 digest are kept: 128 bits, ample against an accidental match. */
    private static final int HASH_BYTES = 16;

    /** An archived user's archived_at is the change's time; the upsert keeps an earlier one. */
    public static UserRow of(RosterChange change) {
        EntityRecord.User user = (EntityRecord.User) change.record();
        CopyText text = new CopyText(512).field(user.id()).field(user.districtId()).field(user.name().first())
                .field(user.name().middle()).field(user.name().last()).field(user.email()).field(CopyText.rolesJson(user.roles()))
                .textArray(roleNames(user.roles())).textArray(user.schoolIds()).field(change.leavesActive());
        byte[] hash = contentHash(text.text());
        String at = change.occurredAt().toString();
        // The run goes last and outside the hash: the same content sent by a later run is still no change.
        text.plain(at).plain(change.leavesActive() ? "\\N" : at).bytes(hash).plain(change.runId()).endRow();
        return new UserRow(user.id(), hash, text.text());
    }

    private static byte[] contentHash(String columns) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(columns.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static List<String> roleNames(List<EntityRecord.Role> roles) {
        List<String> names = new ArrayList<>(roles.size());
        for (EntityRecord.Role role : roles) {
            names.add(role.role());
        }
        return names;
    }
}
