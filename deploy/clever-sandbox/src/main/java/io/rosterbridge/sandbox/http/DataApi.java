package io.rosterbridge.sandbox.http;

import java.io.IOException;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;


import io.rosterbridge.sandbox.Faults;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;
import io.rosterbridge.sandbox.render.ApiJson;
import io.rosterbridge.sandbox.sso.SsoSessions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Clever Data API v3.0 ({@code /v3.0/...}): districts, schools, users, sections, terms and courses with
 * their sub-collections, and {@code /v3.0/me}. District-app tokens see what their district shares; SSO
 * user tokens may read only {@code /me}, their district and their own user.
 */
public final class DataApi {

    private static final String BASE = "/v3.0";

    private final SandboxWorld world;
    private final SsoSessions sso;
    private final Faults faults;

    public DataApi(SandboxWorld world, SsoSessions sso) {
        this.world = world;
        this.sso = sso;
        this.faults = world.faults();
    }

    public void mount(Router router) {
        get(router, "/districts", this::districts);
        get(router, "/districts/:id", this::district);
        get(router, "/schools", this::schools);
        get(router, "/schools/:id", this::school);
        get(router, "/schools/:id/users", this::schoolUsers);
        get(router, "/schools/:id/sections", this::schoolSections);
        get(router, "/schools/:id/district", c -> districtOf(c));
        get(router, "/users", this::users);
        get(router, "/users/:id", this::user);
        get(router, "/users/:id/schools", this::userSchools);
        get(router, "/users/:id/sections", this::userSections);
        get(router, "/users/:id/district", this::userDistrict);
        get(router, "/sections", this::sections);
        get(router, "/sections/:id", this::section);
        get(router, "/sections/:id/users", this::sectionUsers);
        get(router, "/sections/:id/school", this::sectionSchool);
        get(router, "/sections/:id/term", this::sectionTerm);
        get(router, "/sections/:id/course", this::sectionCourse);
        get(router, "/sections/:id/district", c -> districtOf(c));
        get(router, "/terms", this::terms);
        get(router, "/terms/:id", this::term);
        get(router, "/terms/:id/district", c -> districtOf(c));
        get(router, "/courses", this::courses);
        get(router, "/courses/:id", this::course);
        get(router, "/courses/:id/district", c -> districtOf(c));
        get(router, "/me", this::me);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(RoutingContext ctx) throws IOException;
    }

    private void get(Router router, String path, Handler handler) {
        router.get(BASE + path).handler(ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiError e) {
                Responses.message(ctx, e.status(), e.getMessage());
            } catch (IllegalArgumentException e) {
                Responses.message(ctx, 400, e.getMessage());
            } catch (IOException e) {
                Responses.message(ctx, 500, "internal error");
            }
        });
    }

    // ------------------------------------------------------------------ callers

    /** Who is calling: a district-app token (ssoUserId null) or an SSO user token. */
    private record Caller(DistrictData data, Sharing sharing, SsoSessions.Session sso) {
    }

    private Caller caller(RoutingContext ctx) {
        String token = Responses.bearer(ctx);
        if (token == null) {
            throw new ApiError(401, "Authorization header with a bearer token is required");
        }
        DistrictData data = world.byToken(token);
        if (data != null) {
            return new Caller(data, world.sharing(data), null);
        }
        SsoSessions.Session session = sso.session(token);
        if (session != null) {
            DistrictData district = world.districtData(session.districtId());
            if (district != null) {
                return new Caller(district, world.sharing(district), session);
            }
        }
        throw new ApiError(401, "Invalid bearer token");
    }

    /** District-app tokens only: SSO user tokens can't list or read anything beyond themselves. */
    private Caller districtCaller(RoutingContext ctx) {
        Caller caller = caller(ctx);
        if (caller.sso() != null) {
            throw new ApiError(404, "Resource not in token's scopes");
        }
        return caller;
    }

    // ------------------------------------------------------------------ districts

    private void districts(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Paging paging = Paging.of(ctx);
        TreeMap<String, DistrictData> one = new TreeMap<>();
        one.put(caller.data().id(), caller.data());
        Paging.Page<DistrictData> page = world.read(() -> paging.collect(one, d -> true));
        ListWriter.write(ctx, faults, "districts", paging, page, (g, d) -> ApiJson.district(g, d.district()));
    }

    private void district(RoutingContext ctx) throws IOException {
        Caller caller = caller(ctx);
        if (!caller.data().id().equals(ctx.pathParam("id"))) {
            throw ApiError.notFound();
        }
        single(ctx, "districts", caller.data().id(), g -> ApiJson.district(g, caller.data().district()));
    }

    private void districtOf(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        String path = ctx.request().path();
        String id = ctx.pathParam("id");
        boolean exists = world.read(() -> {
            if (path.startsWith(BASE + "/schools/")) {
                return caller.data().schools().containsKey(id) && caller.sharing().schoolShared(id);
            }
            if (path.startsWith(BASE + "/sections/")) {
                Section s = caller.data().sections().get(id);
                return s != null && caller.sharing().sectionVisible(s);
            }
            if (path.startsWith(BASE + "/terms/")) {
                return caller.data().terms().containsKey(id);
            }
            return caller.data().courses().containsKey(id);
        });
        if (!exists) {
            throw ApiError.notFound();
        }
        single(ctx, "districts", caller.data().id(), g -> ApiJson.district(g, caller.data().district()));
    }

    private void userDistrict(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        visibleUser(caller, ctx.pathParam("id"));
        single(ctx, "districts", caller.data().id(), g -> ApiJson.district(g, caller.data().district()));
    }

    // ------------------------------------------------------------------ schools

    private void schools(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Paging paging = Paging.of(ctx);
        Paging.Page<School> page = world.read(() -> paging.collect(caller.data().schools(),
                s -> caller.sharing().schoolShared(s.id())));
        ListWriter.write(ctx, faults, "schools", paging, page, ApiJson::school);
    }

    private void school(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        School school = visibleSchool(caller, ctx.pathParam("id"));
        single(ctx, "schools", school.id(), g -> ApiJson.school(g, school));
    }

    private void schoolUsers(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        String schoolId = ctx.pathParam("id");
        visibleSchool(caller, schoolId);
        Role role = optionalRole(ctx, List.of(Role.STUDENT, Role.TEACHER, Role.STAFF));
        boolean primaryOnly = "true".equals(ctx.queryParams().get("primary"));
        Sharing sharing = caller.sharing();
        Predicate<User> filter = u -> {
            if (role != null) {
                return sharing.userVisibleAs(u, role) && inSchool(u.schoolsOf(role), schoolId, primaryOnly);
            }
            if (!sharing.userVisible(u)) {
                return false;
            }
            for (Role r : List.of(Role.STUDENT, Role.TEACHER, Role.STAFF)) {
                if (sharing.roleVisible(u, r) && inSchool(u.schoolsOf(r), schoolId, primaryOnly && r != Role.STAFF)) {
                    return true;
                }
            }
            return false;
        };
        listUsers(ctx, caller, filter);
    }

    private static boolean inSchool(String[] schools, String schoolId, boolean primaryOnly) {
        if (primaryOnly) {
            return schools.length > 0 && schools[0].equals(schoolId);
        }
        for (String school : schools) {
            if (school.equals(schoolId)) {
                return true;
            }
        }
        return false;
    }

    private void schoolSections(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        String schoolId = ctx.pathParam("id");
        visibleSchool(caller, schoolId);
        listSections(ctx, caller, s -> s.schoolId().equals(schoolId));
    }

    // ------------------------------------------------------------------ users

    private void users(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        if ("contact".equals(ctx.queryParams().get("role"))) {
            listUsers(ctx, caller, u -> false); // a valid Clever role; the sandbox has no contacts
            return;
        }
        Role role = optionalRole(ctx, List.of(Role.values()));
        Sharing sharing = caller.sharing();
        listUsers(ctx, caller, role == null ? sharing::userVisible : u -> sharing.userVisibleAs(u, role));
    }

    private void listUsers(RoutingContext ctx, Caller caller, Predicate<User> filter) {
        Paging paging = Paging.of(ctx);
        Paging.Page<User> page = world.read(() -> paging.collect(caller.data().users(), filter));
        Sharing sharing = caller.sharing();
        ListWriter.write(ctx, faults, "users", paging, page, (g, u) -> ApiJson.user(g, u, sharing));
    }

    private void user(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String id = ctx.pathParam("id");
        if (caller.sso() != null && !caller.sso().userId().equals(id)) {
            throw new ApiError(404, "Resource not in token's scopes");
        }
        User user = visibleUser(caller, id);
        single(ctx, "users", id, g -> ApiJson.user(g, user, caller.sharing()));
    }

    private void userSchools(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        User user = visibleUser(caller, ctx.pathParam("id"));
        boolean primaryOnly = "true".equals(ctx.queryParams().get("primary"));
        Paging paging = Paging.of(ctx);
        Paging.Page<School> page = world.read(() -> {
            TreeMap<String, School> schools = new TreeMap<>();
            for (Role role : Role.values()) {
                if (!caller.sharing().roleVisible(user, role)) {
                    continue;
                }
                String[] ids = caller.sharing().sharedOnly(user.schoolsOf(role));
                for (int i = 0; i < ids.length && (!primaryOnly || i == 0); i++) {
                    School school = caller.data().schools().get(ids[i]);
                    if (school != null) {
                        schools.put(school.id(), school);
                    }
                }
            }
            return paging.collect(schools, s -> true);
        });
        ListWriter.write(ctx, faults, "schools", paging, page, ApiJson::school);
    }

    private void userSections(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        String userId = visibleUser(caller, ctx.pathParam("id")).id();
        listSections(ctx, caller, s -> s.hasStudent(userId) || s.hasTeacher(userId));
    }

    // ------------------------------------------------------------------ sections, terms, courses

    private void sections(RoutingContext ctx) {
        listSections(ctx, districtCaller(ctx), s -> true);
    }

    private void listSections(RoutingContext ctx, Caller caller, Predicate<Section> filter) {
        Paging paging = Paging.of(ctx);
        Sharing sharing = caller.sharing();
        Paging.Page<Section> page = world.read(() -> paging.collect(caller.data().sections(),
                s -> sharing.sectionVisible(s) && filter.test(s)));
        ListWriter.write(ctx, faults, "sections", paging, page, ApiJson::section);
    }

    private void section(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Section section = visibleSection(caller, ctx.pathParam("id"));
        single(ctx, "sections", section.id(), g -> ApiJson.section(g, section));
    }

    private void sectionUsers(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Section section = visibleSection(caller, ctx.pathParam("id"));
        Role role = optionalRole(ctx, List.of(Role.STUDENT, Role.TEACHER));
        Paging paging = Paging.of(ctx);
        Sharing sharing = caller.sharing();
        Paging.Page<User> page = world.read(() -> {
            TreeMap<String, User> members = new TreeMap<>();
            if (role != Role.TEACHER) {
                addMembers(caller.data(), section.students(), members);
            }
            if (role != Role.STUDENT) {
                addMembers(caller.data(), section.teachers(), members);
            }
            return paging.collect(members, role == null ? sharing::userVisible : u -> sharing.userVisibleAs(u, role));
        });
        ListWriter.write(ctx, faults, "users", paging, page, (g, u) -> ApiJson.user(g, u, sharing));
    }

    private static void addMembers(DistrictData data, String[] ids, NavigableMap<String, User> into) {
        for (String id : ids) {
            User user = data.users().get(id);
            if (user != null) {
                into.put(id, user);
            }
        }
    }

    private void sectionSchool(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Section section = visibleSection(caller, ctx.pathParam("id"));
        School school = visibleSchool(caller, section.schoolId());
        single(ctx, "schools", school.id(), g -> ApiJson.school(g, school));
    }

    private void sectionTerm(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Section section = visibleSection(caller, ctx.pathParam("id"));
        Term term = section.termId() == null ? null : world.read(() -> caller.data().terms().get(section.termId()));
        if (term == null) {
            throw ApiError.notFound();
        }
        single(ctx, "terms", term.id(), g -> ApiJson.term(g, term));
    }

    private void sectionCourse(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Section section = visibleSection(caller, ctx.pathParam("id"));
        Course course = section.courseId() == null ? null : world.read(() -> caller.data().courses().get(section.courseId()));
        if (course == null) {
            throw ApiError.notFound();
        }
        single(ctx, "courses", course.id(), g -> ApiJson.course(g, course));
    }

    private void terms(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Paging paging = Paging.of(ctx);
        Paging.Page<Term> page = world.read(() -> paging.collect(caller.data().terms(), t -> true));
        ListWriter.write(ctx, faults, "terms", paging, page, ApiJson::term);
    }

    private void term(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Term term = world.read(() -> caller.data().terms().get(ctx.pathParam("id")));
        if (term == null) {
            throw ApiError.notFound();
        }
        single(ctx, "terms", term.id(), g -> ApiJson.term(g, term));
    }

    private void courses(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Paging paging = Paging.of(ctx);
        Paging.Page<Course> page = world.read(() -> paging.collect(caller.data().courses(), c -> true));
        ListWriter.write(ctx, faults, "courses", paging, page, ApiJson::course);
    }

    private void course(RoutingContext ctx) {
        Caller caller = districtCaller(ctx);
        Course course = world.read(() -> caller.data().courses().get(ctx.pathParam("id")));
        if (course == null) {
            throw ApiError.notFound();
        }
        single(ctx, "courses", course.id(), g -> ApiJson.course(g, course));
    }

    // ------------------------------------------------------------------ identity

    /** {@code /v3.0/me}: the logged-in user for SSO tokens, the district for district-app tokens. */
    private void me(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String districtId = caller.data().id();
        JsonObject body;
        if (caller.sso() != null) {
            String userId = caller.sso().userId();
            body = new JsonObject()
                    .put("type", "user")
                    .put("data", new JsonObject().put("id", userId).put("district", districtId).put("type", "user")
                            .put("authorized_by", "district"))
                    .put("links", new JsonArray()
                            .add(link("self", "/me"))
                            .add(link("canonical", BASE + "/users/" + userId))
                            .add(link("district", BASE + "/districts/" + districtId)));
        } else {
            body = new JsonObject()
                    .put("type", "district")
                    .put("data", new JsonObject().put("id", districtId).put("type", "district"))
                    .put("links", new JsonArray()
                            .add(link("self", "/me"))
                            .add(link("canonical", BASE + "/districts/" + districtId)));
        }
        Responses.json(ctx, 200, body);
    }

    private static JsonObject link(String rel, String uri) {
        return new JsonObject().put("rel", rel).put("uri", uri);
    }

    // ------------------------------------------------------------------ helpers

    private void single(RoutingContext ctx, String collection, String id, ApiJson.Writer record) {
        byte[] json = ApiJson.toBytes(g -> {
            g.writeStartObject();
            g.writeFieldName("data");
            record.write(g);
            g.writeArrayFieldStart("links");
            g.writeStartObject();
            g.writeStringField("rel", "self");
            g.writeStringField("uri", ApiJson.uri(collection, id));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON)
                .end(io.vertx.core.buffer.Buffer.buffer(json));
    }

    private School visibleSchool(Caller caller, String id) {
        School school = world.read(() -> caller.data().schools().get(id));
        if (school == null || !caller.sharing().schoolShared(id)) {
            throw ApiError.notFound();
        }
        return school;
    }

    private User visibleUser(Caller caller, String id) {
        User user = world.read(() -> caller.data().users().get(id));
        if (user == null || !caller.sharing().userVisible(user)) {
            throw ApiError.notFound();
        }
        return user;
    }

    private Section visibleSection(Caller caller, String id) {
        Section section = world.read(() -> caller.data().sections().get(id));
        if (section == null || !caller.sharing().sectionVisible(section)) {
            throw ApiError.notFound();
        }
        return section;
    }

    private static Role optionalRole(RoutingContext ctx, List<Role> allowed) {
        String raw = ctx.queryParams().get("role");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (Role role : allowed) {
            if (role.apiName().equals(raw)) {
                return role;
            }
        }
        throw ApiError.badRequest("role must be one of " + allowed.stream().map(Role::apiName).toList());
    }

}
