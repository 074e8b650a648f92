package io.rosterbridge.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.rosterbridge.sandbox.events.ChangeTracker;
import io.rosterbridge.sandbox.events.EventLog;
import io.rosterbridge.sandbox.generator.DemoDistrict;
import io.rosterbridge.sandbox.generator.DistrictGenerator;
import io.rosterbridge.sandbox.generator.FleetMix;
import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.ObjectIds;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;

/**
 * The sandbox's world: districts, their rosters, the app's connections and what each district shares.
 * Tests, demos and the admin API change it through these methods; every change that alters what the app
 * can see is recorded as Clever events. Thread-safe (one read/write lock); records are immutable, so the
 * HTTP layer renders snapshots without holding the lock.
 */
public final class SandboxWorld {

    /** Generated districts date from 2024-01-01, before anything created while the sandbox runs. */
    private static final long GENERATED_EPOCH_SECONDS = 1_704_067_200L;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Clock clock;
    private final Duration eventRetention;
    private final Map<String, DistrictData> districts = new LinkedHashMap<>();
    private final Map<String, DistrictData> byToken = new HashMap<>();
    private final Map<String, EventLog> eventLogs = new HashMap<>();
    private final Set<String> unsharedUsers = new HashSet<>();
    private final Map<Long, Integer> seedUses = new HashMap<>();
    private final ObjectIds liveIds;
    private final SecureRandom secureRandom = new SecureRandom();
    private final Faults faults = new Faults();
    /** Clever's per-app switch (Dashboard → Settings → Enable events): while off, nothing is recorded or served. */
    private volatile boolean eventsEnabled = true;
    /** Districts for which the sandbox records no events (to play a district whose events the app cannot get). */
    private final Set<String> eventsDisabledDistricts = new HashSet<>();

    SandboxWorld(Clock clock, Duration eventRetention) {
        this.clock = clock;
        this.eventRetention = eventRetention;
        this.liveIds = new ObjectIds(clock.millis() / 1000, secureRandom.nextLong());
    }

    public Faults faults() {
        return faults;
    }

    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- districts and connections

    /** Adds the demo district (same ids on every start), connected. */
    public String addDemoDistrict() {
        return write(() -> install(DemoDistrict.create(currentSchoolYear())));
    }

    /**
     * Generates a district of {@code users} users, deterministically from {@code seed} (the same seed gives
     * the same district; using a seed again in the same world gives fresh ids), connected and fully shared.
     */
    public String generateDistrict(String name, int users, long seed) {
        Objects.requireNonNull(name, "name");
        return write(() -> install(generated(new Planned(name, users, seed, seedUses.merge(seed, 1, Integer::sum) - 1),
                currentSchoolYear())));
    }

    /**
     * Generates a fleet of {@code districts} districts in {@link FleetMix}'s size mix, deterministically from
     * {@code seed}, each connected (its own token) and fully shared. The districts are built in parallel outside
     * the lock (they share nothing) and installed together.
     */
    public List<FleetDistrict> generateFleet(int districts, long seed) {
        List<Integer> sizes = FleetMix.sizes(districts, seed);
        String format = "Fleet District %0" + String.valueOf(districts).length() + "d";
        List<Planned> plans = write(() -> {
            List<Planned> planned = new ArrayList<>(districts);
            for (int i = 0; i < districts; i++) {
                long districtSeed = FleetMix.districtSeed(seed, i);
                planned.add(new Planned(String.format(format, i + 1), sizes.get(i), districtSeed,
                        seedUses.merge(districtSeed, 1, Integer::sum) - 1));
            }
            return planned;
        });
        int schoolYear = currentSchoolYear();
        List<DistrictData> built = plans.parallelStream().map(plan -> generated(plan, schoolYear)).toList();
        return write(() -> built.stream()
                .map(data -> new FleetDistrict(install(data), data.district().name(), data.users().size(),
                        data.connection().accessToken()))
                .toList());
    }

    /** A generated district to build: {@code use} counts earlier uses of the same seed, so ids stay fresh. */
    private record Planned(String name, int users, long seed, int use) {
    }

    private static DistrictData generated(Planned plan, int schoolYear) {
        ObjectIds ids = new ObjectIds(GENERATED_EPOCH_SECONDS + plan.use(), plan.seed() * 31 + plan.use());
        long created = GENERATED_EPOCH_SECONDS * 1000 + plan.use() * 1000L;
        return DistrictGenerator.generate(plan.name(), plan.users(), plan.seed(), ids, created, schoolYear);
    }

    /** One district of a generated fleet. */
    public record FleetDistrict(String id, String name, int users, String accessToken) {
    }

    private String install(DistrictData data) {
        if (districts.containsKey(data.id())) {
            throw new IllegalStateException("district " + data.id() + " already exists");
        }
        districts.put(data.id(), data);
        eventLogs.put(data.id(), new EventLog(eventRetention, clock::millis));
        connectLocked(data);
        return data.id();
    }

    /** Connects the app to the district (a new district token); a no-op when already connected. Returns the token. */
    public String connect(String districtId) {
        return write(() -> connectLocked(district(districtId)));
    }

    private String connectLocked(DistrictData data) {
        if (data.connection() == null) {
            data.connection(new DistrictData.Connection(nextId(), randomHex(20), clock.millis()));
            byToken.put(data.connection().accessToken(), data);
        }
        return data.connection().accessToken();
    }

    /** Disconnects the district: its token disappears from /oauth/tokens and stops working (401). */
    public void disconnect(String districtId) {
        write(() -> {
            DistrictData data = district(districtId);
            if (data.connection() != null) {
                byToken.remove(data.connection().accessToken());
                data.connection(null);
            }
            return null;
        });
    }

    /** The district-app bearer token, or null while the district is disconnected. */
    public String districtToken(String districtId) {
        return read(() -> {
            DistrictData.Connection connection = district(districtId).connection();
            return connection == null ? null : connection.accessToken();
        });
    }

    public List<String> districtIds() {
        return read(() -> List.copyOf(districts.keySet()));
    }

    public String districtName(String districtId) {
        return read(() -> district(districtId).district().name());
    }

    // ---------------------------------------------------------------- sharing

    public void shareSchool(String districtId, String schoolId) {
        changeSchoolSharing(districtId, schoolId, true);
    }

    public void unshareSchool(String districtId, String schoolId) {
        changeSchoolSharing(districtId, schoolId, false);
    }

    private void changeSchoolSharing(String districtId, String schoolId, boolean shared) {
        mutate(districtId, (data, changes) -> {
            school(data, schoolId);
            changes.school(schoolId);
            data.users().values().stream().filter(u -> u.inSchool(schoolId)).forEach(u -> changes.user(u.id()));
            data.sections().values().stream().filter(s -> s.schoolId().equals(schoolId)).forEach(s -> changes.section(s.id()));
            if (shared) {
                data.unsharedSchools().remove(schoolId);
            } else {
                data.unsharedSchools().add(schoolId);
            }
        });
    }

    public void shareRole(String districtId, Role role) {
        changeRoleSharing(districtId, role, true);
    }

    public void shareRole(String districtId, String role) {
        shareRole(districtId, Role.parse(role));
    }

    public void unshareRole(String districtId, Role role) {
        changeRoleSharing(districtId, role, false);
    }

    public void unshareRole(String districtId, String role) {
        unshareRole(districtId, Role.parse(role));
    }

    private void changeRoleSharing(String districtId, Role role, boolean shared) {
        Objects.requireNonNull(role, "role");
        mutate(districtId, (data, changes) -> {
            data.users().values().stream().filter(u -> u.hasRole(role)).forEach(u -> changes.user(u.id()));
            if (shared) {
                data.sharedRoles().add(role);
            } else {
                data.sharedRoles().remove(role);
            }
        });
    }

    public void unshareUser(String userId) {
        changeUserSharing(userId, false);
    }

    public void shareUser(String userId) {
        changeUserSharing(userId, true);
    }

    /** Unshares many users at once: one change per district, not one per user (a mass unshare of 50k students). */
    public void unshareUsers(Collection<String> userIds) {
        changeUsersSharing(userIds, false);
    }

    public void shareUsers(Collection<String> userIds) {
        changeUsersSharing(userIds, true);
    }

    private void changeUserSharing(String userId, boolean shared) {
        changeUsersSharing(List.of(userId), shared);
    }

    private void changeUsersSharing(Collection<String> userIds, boolean shared) {
        Map<String, List<String>> byDistrict = new LinkedHashMap<>();
        for (String userId : userIds) {
            byDistrict.computeIfAbsent(districtOfUser(userId), d -> new ArrayList<>()).add(userId);
        }
        byDistrict.forEach((districtId, users) -> mutate(districtId, (data, changes) -> {
            for (String userId : users) {
                changes.user(userId);
                if (shared) {
                    unsharedUsers.remove(userId);
                } else {
                    unsharedUsers.add(userId);
                }
            }
        }));
    }

    // ---------------------------------------------------------------- users

    public String addUser(String districtId, Role role, Collection<String> schoolIds, String first, String last,
            String email) {
        Objects.requireNonNull(role, "role");
        List<String> schools = List.copyOf(schoolIds == null ? List.of() : schoolIds);
        if (role != Role.DISTRICT_ADMIN && schools.isEmpty()) {
            throw new IllegalArgumentException("a " + role.apiName() + " needs at least one school");
        }
        String[] ids = new String[1];
        mutate(districtId, (data, changes) -> {
            schools.forEach(s -> school(data, s));
            long now = clock.millis();
            String id = nextId();
            String[] schoolArray = schools.toArray(String[]::new);
            int number = 500_000 + data.users().size();
            String grade = "5";
            User user = switch (role) {
                case STUDENT -> new User(id, districtId, number, first, null, last, email, null,
                        new User.StudentRole(schoolArray, grade, "X", "1/1/" + (data.schoolYear() - 11),
                                Integer.toString(data.schoolYear() + 7), now, now), null, null, null, now, now);
                case TEACHER -> new User(id, districtId, number, first, null, last, email, null, null,
                        new User.TeacherRole(schoolArray, "Teacher", now, now), null, null, now, now);
                case STAFF -> new User(id, districtId, number, first, null, last, email, null, null, null,
                        new User.StaffRole(schoolArray, "Staff", "Administration"), null, now, now);
                case DISTRICT_ADMIN -> new User(id, districtId, number, first, null, last, email, null, null, null, null,
                        new User.AdminRole("District Administrator"), now, now);
            };
            changes.user(id);
            data.users().put(id, user);
            if (role == Role.STUDENT) {
                joinFirstSection(data, changes, id, schoolArray[0], now);
            }
            ids[0] = id;
        });
        return ids[0];
    }

    public String addUser(String districtId, String role, Collection<String> schoolIds, String first, String last,
            String email) {
        return addUser(districtId, Role.parse(role), schoolIds, first, last, email);
    }

    public void renameUser(String userId, String first, String last) {
        mutate(districtOfUser(userId), (data, changes) -> {
            changes.user(userId);
            data.users().put(userId, data.users().get(userId).withName(first, last, clock.millis()));
        });
    }

    /** Sets or (with null) removes the user's e-mail address. */
    public void changeEmail(String userId, String email) {
        mutate(districtOfUser(userId), (data, changes) -> {
            changes.user(userId);
            data.users().put(userId, data.users().get(userId).withEmail(email, clock.millis()));
        });
    }

    /** Deletes the user from the district (and its sections): {@code users.deleted}, then 404. */
    public void removeUser(String userId) {
        mutate(districtOfUser(userId), (data, changes) -> {
            changes.user(userId);
            long now = clock.millis();
            leaveSections(data, changes, userId, null, now);
            data.users().remove(userId);
            unsharedUsers.remove(userId);
        });
    }

    /** Moves a student to one school: leaves the old schools' sections, joins a section of the new school. */
    public void moveStudent(String userId, String toSchoolId) {
        mutate(districtOfUser(userId), (data, changes) -> {
            school(data, toSchoolId);
            User user = data.users().get(userId);
            if (user.student() == null) {
                throw new IllegalArgumentException("user " + userId + " is not a student");
            }
            long now = clock.millis();
            changes.user(userId);
            leaveSections(data, changes, userId, toSchoolId, now);
            data.users().put(userId, user.withStudent(user.student().inSchools(new String[] {toSchoolId}, now), now));
            joinFirstSection(data, changes, userId, toSchoolId, now);
        });
    }

    /**
     * Rolls the district over to the next school year: a new term and new course ids (Clever rebuilds
     * them), every student one grade up, 12th graders graduated (deleted), and new sections.
     */
    public void newSchoolYear(String districtId) {
        mutate(districtId, (data, changes) -> {
            long now = clock.millis();
            int year = data.schoolYear() + 1;
            data.schoolYear(year);
            data.terms().keySet().forEach(changes::term);
            data.courses().keySet().forEach(changes::course);
            data.sections().keySet().forEach(changes::section);
            data.terms().clear();
            data.sections().clear();
            List<Course> oldCourses = List.copyOf(data.courses().values());
            data.courses().clear();
            long start = LocalDate.of(year - 1, 8, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long end = LocalDate.of(year, 6, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            Term term = new Term(nextId(), districtId, (year - 1) + "-" + year, start, end);
            changes.term(term.id());
            data.terms().put(term.id(), term);
            List<Course> courses = new ArrayList<>();
            for (Course old : oldCourses) {
                Course course = new Course(nextId(), districtId, old.name(), old.number());
                courses.add(course);
                changes.course(course.id());
                data.courses().put(course.id(), course);
            }
            if (courses.isEmpty()) {
                Course course = new Course(nextId(), districtId, "Homeroom", "HR");
                courses.add(course);
                changes.course(course.id());
                data.courses().put(course.id(), course);
            }
            Map<String, List<String>> students = new LinkedHashMap<>();
            Map<String, List<String>> teachers = new LinkedHashMap<>();
            data.schools().keySet().forEach(s -> {
                students.put(s, new ArrayList<>());
                teachers.put(s, new ArrayList<>());
            });
            for (User user : List.copyOf(data.users().values())) {
                if (user.teacher() != null && user.teacher().schools().length > 0) {
                    teachers.get(user.teacher().schools()[0]).add(user.id());
                }
                if (user.student() == null) {
                    continue;
                }
                changes.user(user.id());
                String grade = user.student().grade();
                if ("12".equals(grade)) {
                    data.users().remove(user.id());
                    continue;
                }
                String next = nextGrade(grade);
                data.users().put(user.id(), user.withStudent(user.student().inGrade(next, now), now));
                students.get(user.student().schools()[0]).add(user.id());
            }
            for (School school : data.schools().values()) {
                addSections(data, changes, school, term, courses, teachers.get(school.id()), students.get(school.id()));
            }
        });
    }

    private void addSections(DistrictData data, ChangeTracker changes, School school, Term term, List<Course> courses,
            List<String> teachers, List<String> students) {
        DistrictGenerator.addSections(data, school, term, courses, teachers, students, () -> {
            String id = nextId();
            changes.section(id); // touched before it exists: no before-state, so it becomes sections.created
            return id;
        }, clock.millis());
    }

    private static String nextGrade(String grade) {
        if ("Kindergarten".equals(grade)) {
            return "1";
        }
        try {
            return Integer.toString(Integer.parseInt(grade) + 1);
        } catch (NumberFormatException e) {
            return grade;
        }
    }

    private void leaveSections(DistrictData data, ChangeTracker changes, String userId, String keepSchool, long now) {
        for (Section section : List.copyOf(data.sections().values())) {
            if (!section.schoolId().equals(keepSchool) && (section.hasStudent(userId) || section.hasTeacher(userId))) {
                changes.section(section.id());
                data.sections().put(section.id(), section.withoutMember(userId, now));
            }
        }
    }

    private void joinFirstSection(DistrictData data, ChangeTracker changes, String userId, String schoolId, long now) {
        data.sections().values().stream()
                .filter(s -> s.schoolId().equals(schoolId) && !s.hasStudent(userId))
                .findFirst()
                .ifPresent(section -> {
                    changes.section(section.id());
                    data.sections().put(section.id(), section.withStudent(userId, now));
                });
    }

    // ---------------------------------------------------------------- queries

    public List<String> schoolIds(String districtId) {
        return read(() -> List.copyOf(district(districtId).schools().keySet()));
    }

    /** Ids of the district's users holding {@code role} (shared or not), ascending. */
    public List<String> userIds(String districtId, Role role) {
        return read(() -> district(districtId).users().values().stream()
                .filter(u -> role == null || u.hasRole(role)).map(User::id).toList());
    }

    public List<String> userIds(String districtId, String role) {
        return userIds(districtId, role == null ? null : Role.parse(role));
    }

    public List<String> sectionIds(String districtId) {
        return read(() -> List.copyOf(district(districtId).sections().keySet()));
    }

    public int userCount(String districtId) {
        return read(() -> district(districtId).users().size());
    }

    /** The user, or null. */
    public User user(String userId) {
        return read(() -> {
            for (DistrictData data : districts.values()) {
                User user = data.users().get(userId);
                if (user != null) {
                    return user;
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- for the HTTP layer

    /** The connected district owning this district-app token, or null. */
    public DistrictData byToken(String token) {
        return read(() -> byToken.get(token));
    }

    public DistrictData districtData(String districtId) {
        return read(() -> districts.get(districtId));
    }

    public List<DistrictData> connectedDistricts() {
        return read(() -> districts.values().stream().filter(DistrictData::connected).toList());
    }

    /** A consistent sharing snapshot for rendering. */
    public Sharing sharing(DistrictData data) {
        return read(() -> Sharing.of(data, unsharedUsers));
    }

    public EventLog events(String districtId) {
        return read(() -> eventLogs.get(districtId));
    }

    /**
     * Turns event generation on or off for the app. Like Clever, off records nothing and the feed reads empty;
     * turning it back on records only what changes from then on (the gap is never filled).
     */
    public void setEventsEnabled(boolean enabled) {
        write(() -> {
            eventsEnabled = enabled;
            return null;
        });
    }

    /** Turns event generation on or off for one district. */
    public void setEventsEnabled(String districtId, boolean enabled) {
        write(() -> {
            district(districtId);
            if (enabled) {
                eventsDisabledDistricts.remove(districtId);
            } else {
                eventsDisabledDistricts.add(districtId);
            }
            return null;
        });
    }

    /** Whether the app gets events of this district (the app switch and the district's). */
    public boolean eventsEnabled(String districtId) {
        return read(() -> eventsEnabled && !eventsDisabledDistricts.contains(districtId));
    }

    /** Runs {@code body} under the read lock (for collecting a page of records). */
    public <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public String nextId() {
        liveIds.advanceTo(clock.millis() / 1000);
        return liveIds.next();
    }

    public String randomHex(int bytes) {
        byte[] raw = new byte[bytes];
        secureRandom.nextBytes(raw);
        StringBuilder out = new StringBuilder(bytes * 2);
        for (byte b : raw) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- internals

    private interface Mutation {
        void apply(DistrictData data, ChangeTracker changes);
    }

    private void mutate(String districtId, Mutation mutation) {
        write(() -> {
            DistrictData data = district(districtId);
            ChangeTracker changes = new ChangeTracker(data, () -> Sharing.of(data, unsharedUsers));
            mutation.apply(data, changes);
            if (eventsEnabled && !eventsDisabledDistricts.contains(districtId)) {
                changes.commit(eventLogs.get(districtId), this::nextId, clock.millis());
            }
            return null;
        });
    }

    private <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            return body.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private DistrictData district(String districtId) {
        DistrictData data = districts.get(districtId);
        if (data == null) {
            throw new UnknownRecordException("unknown district " + districtId);
        }
        return data;
    }

    private static School school(DistrictData data, String schoolId) {
        School school = data.schools().get(schoolId);
        if (school == null) {
            throw new UnknownRecordException("school " + schoolId + " is not in district " + data.id());
        }
        return school;
    }

    private String districtOfUser(String userId) {
        return read(() -> {
            for (DistrictData data : districts.values()) {
                if (data.users().containsKey(userId)) {
                    return data.id();
                }
            }
            throw new UnknownRecordException("unknown user " + userId);
        });
    }

    private int currentSchoolYear() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return today.getMonthValue() >= 8 ? today.getYear() + 1 : today.getYear();
    }

    /** A district, school or user id the world does not know. */
    public static final class UnknownRecordException extends IllegalArgumentException {

        public UnknownRecordException(String message) {
            super(message);
        }
    }
}
