package io.rosterbridge.sandbox.events;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;
import io.rosterbridge.sandbox.render.ApiJson;
import io.vertx.core.json.JsonObject;

/**
 * Turns one change of the world into Clever events: it renders every touched record as the app sees it
 * before the change and again after it, then emits {@code created} (became visible), {@code deleted}
 * (became invisible; object = last state) or {@code updated} (with {@code previous_attributes} holding the
 * old values of the top-level fields that changed). Sharing changes therefore surface as created/deleted.
 */
public final class ChangeTracker {

    private final DistrictData data;
    private final Supplier<Sharing> sharing;
    private final Sharing before;
    private final Map<String, Touched> touched = new LinkedHashMap<>();
    private boolean created;

    public ChangeTracker(DistrictData data, Supplier<Sharing> sharing) {
        this.data = data;
        this.sharing = sharing;
        this.before = sharing.get();
    }

    public void user(String id) {
        touch("users", id, (s) -> {
            User u = data.users().get(id);
            return u == null || !s.userVisible(u) ? null
                    : new Rendered(ApiJson.toJsonObject(g -> ApiJson.user(g, u, s)), u.allSchools());
        });
    }

    public void school(String id) {
        touch("schools", id, (s) -> {
            School school = data.schools().get(id);
            return school == null || !s.schoolShared(id) ? null
                    : new Rendered(ApiJson.toJsonObject(g -> ApiJson.school(g, school)), Set.of(id));
        });
    }

    public void section(String id) {
        touch("sections", id, (s) -> {
            Section section = data.sections().get(id);
            return section == null || !s.sectionVisible(section) ? null
                    : new Rendered(ApiJson.toJsonObject(g -> ApiJson.section(g, section)), Set.of(section.schoolId()));
        });
    }

    public void term(String id) {
        touch("terms", id, (s) -> {
            Term term = data.terms().get(id);
            return term == null ? null : new Rendered(ApiJson.toJsonObject(g -> ApiJson.term(g, term)), Set.of());
        });
    }

    public void course(String id) {
        touch("courses", id, (s) -> {
            Course course = data.courses().get(id);
            return course == null ? null : new Rendered(ApiJson.toJsonObject(g -> ApiJson.course(g, course)), Set.of());
        });
    }

    public void district() {
        touch("districts", data.id(), (s) -> new Rendered(
                ApiJson.toJsonObject(g -> ApiJson.district(g, data.district())), Set.of()));
    }

    /** Marks a section that is about to be created (it has no before-state). */
    public void newSection(String id) {
        created = true;
        section(id);
        created = false;
    }

    private void touch(String recordType, String id, Function<Sharing, Rendered> render) {
        boolean isNew = created;
        touched.computeIfAbsent(recordType + "/" + id,
                k -> new Touched(recordType, render, isNew ? null : render.apply(before)));
    }

    /** Renders the after-state and appends the events (only while the district is connected). */
    public void commit(EventLog log, Supplier<String> ids, long now) {
        if (!data.connected() || log == null) {
            return;
        }
        Sharing after = sharing.get();
        for (Touched t : touched.values()) {
            Rendered old = t.before;
            Rendered current = t.render.apply(after);
            if (old == null && current == null) {
                continue;
            }
            Set<String> schools = new HashSet<>();
            if (old != null) {
                schools.addAll(old.schools);
            }
            if (current != null) {
                schools.addAll(current.schools);
            }
            if (old == null) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".created", now, schools, current.json, null));
            } else if (current == null) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".deleted", now, schools, old.json, null));
            } else if (!old.json.equals(current.json)) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".updated", now, schools, current.json,
                        previous(old.json, current.json)));
            }
        }
    }

    private static JsonObject previous(JsonObject old, JsonObject current) {
        JsonObject previous = new JsonObject();
        Set<String> keys = new HashSet<>(old.fieldNames());
        keys.addAll(current.fieldNames());
        for (String key : keys) {
            if (!Objects.equals(old.getValue(key), current.getValue(key))) {
                previous.put(key, old.getValue(key));
            }
        }
        return previous;
    }

    private record Rendered(JsonObject json, Set<String> schools) {
    }

    private record Touched(String recordType, Function<Sharing, Rendered> render, Rendered before) {
    }
}
