package io.rosterbridge.sandbox.events;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.District;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;
import io.rosterbridge.sandbox.render.ApiJson;

/**
 * Turns one change of the world into Clever events. Touch every record a change may affect before
 * changing it; on commit each one is compared as the app sees it before and after: it became visible
 * ({@code created}), disappeared ({@code deleted}, object = last state) or looks different
 * ({@code updated}). Sharing changes therefore surface as created/deleted. Records are immutable, so an
 * event keeps references and renders when read.
 */
public final class ChangeTracker {

    private final DistrictData data;
    private final Supplier<Sharing> sharing;
    private final Sharing before;
    private final Map<String, Touched> touched = new LinkedHashMap<>();

    public ChangeTracker(DistrictData data, Supplier<Sharing> sharing) {
        this.data = data;
        this.sharing = sharing;
        this.before = sharing.get();
    }

    public void user(String id) {
        touch("users", id, s -> {
            User u = data.users().get(id);
            return u == null || !s.userVisible(u) ? null
                    : new RecordView(g -> ApiJson.user(g, u, s), Set.copyOf(u.allSchools()));
        });
    }

    public void school(String id) {
        touch("schools", id, s -> {
            School school = data.schools().get(id);
            return school == null || !s.schoolShared(id) ? null
                    : new RecordView(g -> ApiJson.school(g, school), Set.of(id));
        });
    }

    public void section(String id) {
        touch("sections", id, s -> {
            Section section = data.sections().get(id);
            return section == null || !s.sectionVisible(section) ? null
                    : new RecordView(g -> ApiJson.section(g, section), Set.of(section.schoolId()));
        });
    }

    public void term(String id) {
        touch("terms", id, s -> {
            Term term = data.terms().get(id);
            return term == null ? null : new RecordView(g -> ApiJson.term(g, term), Set.of());
        });
    }

    public void course(String id) {
        touch("courses", id, s -> {
            Course course = data.courses().get(id);
            return course == null ? null : new RecordView(g -> ApiJson.course(g, course), Set.of());
        });
    }

    public void district() {
        touch("districts", data.id(), s -> {
            District district = data.district();
            return new RecordView(g -> ApiJson.district(g, district), Set.of());
        });
    }

    private void touch(String recordType, String id, Function<Sharing, RecordView> view) {
        touched.computeIfAbsent(recordType + "/" + id, k -> new Touched(recordType, view, view.apply(before)));
    }

    /** Compares after with before and appends the events (only while the district is connected). */
    public void commit(EventLog log, Supplier<String> ids, long now) {
        if (!data.connected() || log == null) {
            return;
        }
        Sharing after = sharing.get();
        for (Touched t : touched.values()) {
            RecordView old = t.before;
            RecordView current = t.view.apply(after);
            if (old == null && current == null) {
                continue;
            }
            Set<String> schools = new HashSet<>();
            if (old != null) {
                schools.addAll(old.schools());
            }
            if (current != null) {
                schools.addAll(current.schools());
            }
            Set<String> eventSchools = Set.copyOf(schools);
            if (old == null) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".created", now, eventSchools, current, null));
            } else if (current == null) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".deleted", now, eventSchools, old, null));
            } else if (!Arrays.equals(old.render(), current.render())) {
                log.append(new SandboxEvent(ids.get(), t.recordType + ".updated", now, eventSchools, current, old));
            }
        }
    }

    private record Touched(String recordType, Function<Sharing, RecordView> view, RecordView before) {
    }
}
