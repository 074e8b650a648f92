package io.rosterbridge.writer.change;

/** Changes of a run by type, as in the contract's {@code counts} object. */
public record ChangeCounts(int created, int updated, int removed, int restored) {

    public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0, 0);

    public ChangeCounts plus(ChangeType type) {
        return switch (type) {
            case CREATED -> new ChangeCounts(created + 1, updated, removed, restored);
            case UPDATED -> new ChangeCounts(created, updated + 1, removed, restored);
            case REMOVED -> new ChangeCounts(created, updated, removed + 1, restored);
            case RESTORED -> new ChangeCounts(created, updated, removed, restored + 1);
        };
    }
}
