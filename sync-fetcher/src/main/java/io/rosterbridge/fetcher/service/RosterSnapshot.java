package io.rosterbridge.fetcher.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rosterbridge.fetcher.repository.FingerprintRepository;

/**
 * What the fetcher last emitted for one district, loaded once at the start of a run and compared in
 * memory: per record its type, 64-bit fingerprint and state, plus which records this run has seen.
 * Compact on purpose (about 27 bytes a record, so a 1M-user district fits a small heap): a Clever id
 * (24 hex digits) is kept as 96 bits in primitive arrays behind an open-addressing index; any other id
 * goes to a plain map.
 */
final class RosterSnapshot {

    enum State { ACTIVE, ARCHIVED, REMOVING }

    static final String[] TYPES = {"district", "school", "user"};

    /** A stored record this run did not see: a removal, if the snapshot is complete. */
    record Unseen(String entityType, String entityId) {
    }

    private static final State[] STATES = State.values();

    /**
     * Records live in fixed-size chunks that are added, never copied: growing a 1M-record snapshot by
     * doubling arrays would hold the old and the new arrays at once (tens of MB of short-lived heap).
     */
    private static final int CHUNK_SHIFT = 14;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int IN_CHUNK = CHUNK - 1;

    private int size;
    private long[][] idHigh = new long[0][];
    private int[][] idLow = new int[0][];
    private long[][] fingerprints = new long[0][];
    /** Type code in the low nibble, state ordinal in the high one. */
    private byte[][] kinds = new byte[0][];
    /** Slot → record index + 1 (0 = empty); the only array rebuilt on growth, 4 to 8 bytes a record. */
    private int[] slots;
    private final Map<String, Integer> otherIds = new HashMap<>();
    private final Map<Integer, String> otherIdsByIndex = new HashMap<>();
    private final BitSet seen = new BitSet();

    /** The district's stored fingerprints, archived ones included, as one snapshot (read in one transaction). */
    static RosterSnapshot load(FingerprintRepository fingerprints, String districtId) {
        RosterSnapshot snapshot = new RosterSnapshot(1024);
        fingerprints.forEach(districtId, (id, type, fingerprint, archived, removing) -> snapshot.add(id, type, fingerprint,
                archived ? State.ARCHIVED : removing ? State.REMOVING : State.ACTIVE));
        return snapshot;
    }

    RosterSnapshot(int expected) {
        slots = new int[tableSize(Math.max(16, expected))];
    }

    void add(String entityId, String entityType, long fingerprint, State state) {
        byte type = typeCode(entityType);
        int index = size;
        if ((index & IN_CHUNK) == 0) {
            addChunk();
        }
        int chunk = index >>> CHUNK_SHIFT;
        int at = index & IN_CHUNK;
        size++;
        fingerprints[chunk][at] = fingerprint;
        kinds[chunk][at] = (byte) (type | state.ordinal() << 4);
        if (isCleverId(entityId)) {
            idHigh[chunk][at] = hex(entityId, 0, 16);
            idLow[chunk][at] = (int) hex(entityId, 16, 24);
            if (size * 2 > slots.length) {
                rehash(); // keeps the table at most half full
            } else {
                insertSlot(index);
            }
        } else {
            otherIds.put(entityId, index);
            otherIdsByIndex.put(index, entityId);
        }
    }

    /** Records a record this run creates as seen, so a second copy of it from Clever is not created twice. */
    void addCreated(String entityId, String entityType, long fingerprint) {
        add(entityId, entityType, fingerprint, State.ACTIVE);
        seen.set(size - 1);
    }

    /** Index of the stored record, or -1 when nothing was ever emitted for it. */
    int indexOf(String entityId) {
        if (!isCleverId(entityId)) {
            Integer index = otherIds.get(entityId);
            return index == null ? -1 : index;
        }
        long high = hex(entityId, 0, 16);
        int low = (int) hex(entityId, 16, 24);
        int mask = slots.length - 1;
        for (int slot = slotOf(high, low, mask); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return -1;
            }
            int index = entry - 1;
            if (idHigh(index) == high && idLow(index) == low) {
                return index;
            }
        }
    }

    long fingerprint(int index) {
        return fingerprints[index >>> CHUNK_SHIFT][index & IN_CHUNK];
    }

    State state(int index) {
        return STATES[kind(index) >>> 4];
    }

    /** Marks the record seen by this run; false when it was already seen (Clever sent it twice). */
    boolean markSeen(int index) {
        if (seen.get(index)) {
            return false;
        }
        seen.set(index);
        return true;
    }

    boolean seen(int index) {
        return seen.get(index);
    }

    /** Records of the type that are not archived (a removal under way still counts as active). */
    long countActive(String entityType) {
        byte type = typeCode(entityType);
        long count = 0;
        for (int i = 0; i < size; i++) {
            int kind = kind(i);
            if ((kind & 0xF) == type && kind >>> 4 != State.ARCHIVED.ordinal()) {
                count++;
            }
        }
        return count;
    }

    /** Records not archived that this run has not seen, in no particular order. */
    List<Unseen> unseenActive() {
        List<Unseen> unseen = new ArrayList<>();
        for (int i = seen.nextClearBit(0); i < size; i = seen.nextClearBit(i + 1)) {
            int kind = kind(i);
            if (kind >>> 4 != State.ARCHIVED.ordinal()) {
                unseen.add(new Unseen(TYPES[kind & 0xF], idOf(i)));
            }
        }
        return unseen;
    }

    int size() {
        return size;
    }

    private String idOf(int index) {
        String other = otherIdsByIndex.get(index);
        if (other != null) {
            return other;
        }
        return String.format("%016x%08x", idHigh(index), idLow(index));
    }

    private long idHigh(int index) {
        return idHigh[index >>> CHUNK_SHIFT][index & IN_CHUNK];
    }

    private int idLow(int index) {
        return idLow[index >>> CHUNK_SHIFT][index & IN_CHUNK];
    }

    private int kind(int index) {
        return kinds[index >>> CHUNK_SHIFT][index & IN_CHUNK];
    }

    /** Lower-case hex digits {@code from..to} of an id already checked by {@link #isCleverId}. */
    private static long hex(String id, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = id.charAt(i);
            value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return value;
    }

    private static byte typeCode(String entityType) {
        for (byte i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(entityType)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown entity type " + entityType);
    }

    /** 24 lower-case hex digits: the only spelling whose 96-bit form turns back into the same string. */
    private static boolean isCleverId(String id) {
        if (id.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private void addChunk() {
        int chunks = idHigh.length + 1;
        idHigh = Arrays.copyOf(idHigh, chunks);
        idLow = Arrays.copyOf(idLow, chunks);
        fingerprints = Arrays.copyOf(fingerprints, chunks);
        kinds = Arrays.copyOf(kinds, chunks);
        idHigh[chunks - 1] = new long[CHUNK];
        idLow[chunks - 1] = new int[CHUNK];
        fingerprints[chunks - 1] = new long[CHUNK];
        kinds[chunks - 1] = new byte[CHUNK];
    }

    /** Doubles the index table and re-inserts every Clever id, the one just added included. */
    private void rehash() {
        slots = new int[slots.length * 2];
        for (int i = 0; i < size; i++) {
            if (!otherIdsByIndex.containsKey(i)) {
                insertSlot(i);
            }
        }
    }

    private void insertSlot(int index) {
        int mask = slots.length - 1;
        int slot = slotOf(idHigh(index), idLow(index), mask);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index + 1;
    }

    /** Power of two at least twice the capacity. */
    private static int tableSize(int capacity) {
        return Integer.highestOneBit(Math.max(capacity, 8) * 2 - 1) << 1;
    }

    private static int slotOf(long high, int low, int mask) {
        long h = (high ^ (low * 0x9E3779B97F4A7C15L)) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
