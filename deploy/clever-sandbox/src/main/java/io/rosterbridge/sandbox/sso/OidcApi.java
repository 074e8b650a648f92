package io.rosterbridge.sandbox.sso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.http.ClientApp;
import io.rosterbridge.sandbox.http.Responses;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.ObjectIds;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.User;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Clever SSO as an OpenID Connect provider: discovery, JWKS ({@code /oauth/certs}), the authorize page (a
 * plain list of the district's users to log in as), the code exchange ({@code POST /oauth/tokens}: codes
 * live 60 s and work once), {@code /userinfo}, and Instant Login ({@code /oauth/instant-login}), which like
 * the Clever Portal sends the browser to the app's primary redirect URI with a code and no state.
 */
public final class OidcApi {

    private static final long ID_TOKEN_TTL_MILLIS = 3_600_000L;
    private static final int USERS_ON_PAGE = 200;
    /**
     * The browser's sign-in at Clever: once a user has logged in, a later authorize or Instant Login in the
     * same browser goes straight back to the app without a page, as at clever.com. {@code prompt=login} or
     * {@code /oauth/logout} forget it.
     */
    static final String CLEVER_SESSION_COOKIE = "sandbox_clever_session";

    private final SandboxWorld world;
    private final ClientApp app;
    private final SsoSessions sessions;
    private final IdTokenSigner signer = new IdTokenSigner();
    private final Supplier<String> issuer;
    private final Clock clock;

    public OidcApi(SandboxWorld world, ClientApp app, SsoSessions sessions, Supplier<String> issuer) {
        this.world = world;
        this.app = app;
        this.sessions = sessions;
        this.issuer = issuer;
        this.clock = world.clock();
    }

    public void mount(Router router) {
        router.get("/.well-known/openid-configuration").handler(this::discovery);
        router.get("/oauth/certs").handler(ctx -> Responses.json(ctx, 200, new JsonObject(signer.jwks())));
        router.get("/oauth/authorize").handler(this::authorize);
        router.get("/oauth/instant-login").handler(this::instantLogin);
        router.get("/oauth/logout").handler(this::logout);
        router.post("/oauth/tokens").handler(this::exchange);
        router.get("/userinfo").handler(this::userinfo);
        router.post("/userinfo").handler(this::userinfo);
    }

    /** A Portal-style launch URL for one user (no state, primary redirect URI). */
    public String instantLoginPath(String districtId, String userId) {
        return "/oauth/instant-login?client_id=" + enc(app.clientId()) + "&district_id=" + enc(districtId)
                + "&user_id=" + enc(userId);
    }

    private void discovery(RoutingContext ctx) {
        String base = issuer.get();
        Responses.json(ctx, 200, new JsonObject()
                .put("issuer", base)
                .put("authorization_endpoint", base + "/oauth/authorize")
                .put("token_endpoint", base + "/oauth/tokens")
                .put("userinfo_endpoint", base + "/userinfo")
                .put("jwks_uri", base + "/oauth/certs")
                .put("response_types_supported", new JsonArray().add("code"))
                .put("grant_types_supported", new JsonArray().add("authorization_code"))
                .put("subject_types_supported", new JsonArray().add("public"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
                .put("scopes_supported", new JsonArray().add("openid").add("profile").add("email"))
                .put("token_endpoint_auth_methods_supported",
                        new JsonArray().add("client_secret_basic").add("client_secret_post"))
                .put("claims_supported", new JsonArray().add("sub").add("iss").add("aud").add("exp").add("iat")
                        .add("nonce").add("user_id").add("multi_role_user_id").add("user_type").add("district")
                        .add("email").add("email_verified").add("given_name").add("family_name")));
    }

    // ------------------------------------------------------------------ authorize and instant login

    private void authorize(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        if (!app.clientId().equals(params.get("client_id"))) {
            page(ctx, 400, "Unknown client", "<p>client_id is missing or not this sandbox's app.</p>");
            return;
        }
        if (!"code".equals(params.get("response_type"))) {
            page(ctx, 400, "Unsupported response_type", "<p>Only response_type=code is supported.</p>");
            return;
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri != null && !app.redirectUris().contains(redirectUri)) {
            page(ctx, 400, "Invalid redirect_uri", "<p>" + Responses.escapeHtml(redirectUri)
                    + " is not registered for this app. Registered: " + Responses.escapeHtml(app.redirectUris().toString()) + "</p>");
            return;
        }
        String target = redirectUri != null ? redirectUri : app.primaryRedirectUri();
        if (target == null) {
            page(ctx, 400, "No redirect URI", "<p>The app has no registered redirect URI.</p>");
            return;
        }
        login(ctx, "/oauth/authorize", target, params.get("state"), params.get("nonce"), redirectUri);
    }

    private void instantLogin(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        if (!app.clientId().equals(params.get("client_id"))) {
            page(ctx, 400, "Unknown client", "<p>client_id is missing or not this sandbox's app.</p>");
            return;
        }
        String primary = app.primaryRedirectUri();
        if (primary == null) {
            page(ctx, 400, "No redirect URI", "<p>The app has no registered redirect URI.</p>");
            return;
        }
        login(ctx, "/oauth/instant-login", primary, null, null, primary);
    }

    /**
     * Picks the district and the user; with a user chosen ({@code sandbox_user}, {@code user_id} or
     * {@code login_hint}) issues a code and redirects, otherwise shows the picker.
     */
    private void login(RoutingContext ctx, String selfPath, String target, String state, String nonce,
            String boundRedirectUri) {
        MultiMap params = ctx.queryParams();
        boolean forceLogin = "login".equals(params.get("prompt"));
        String districtId = params.get("district_id");
        if (districtId == null && !forceLogin) {
            districtId = SignedIn.districtOf(ctx);
        }
        DistrictData district = chooseDistrict(ctx, selfPath, districtId);
        if (district == null) {
            return;
        }
        Sharing sharing = world.sharing(district);
        String named = first(params, "sandbox_user", "user_id", "login_hint");
        SignedIn signedIn = forceLogin ? null : SignedIn.from(ctx, district.id());
        String userId = named != null || signedIn == null ? named : signedIn.userId();
        String requestedRole = params.get("sandbox_role") != null || named != null || signedIn == null
                ? params.get("sandbox_role") : signedIn.role();
        if (userId == null) {
            userPicker(ctx, selfPath, district, sharing);
            return;
        }
        User user = world.read(() -> district.users().get(userId));
        if (user == null || !sharing.userVisible(user)) {
            page(ctx, 400, "Unknown user", "<p>That user is not shared with the app in this district.</p>");
            return;
        }
        Role role = loginRole(user, sharing, requestedRole);
        if (role == null) {
            page(ctx, 400, "Unknown role", "<p>The user has no shared role of that kind.</p>");
            return;
        }
        String code = world.randomHex(20);
        sessions.putCode(code, new SsoSessions.Code(app.clientId(), user.id(), district.id(), role, boundRedirectUri,
                nonce, clock.millis() + SsoSessions.CODE_TTL_MILLIS));
        String location = target + (target.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (state == null ? "" : "&state=" + enc(state));
        ctx.response().addCookie(new SignedIn(district.id(), user.id(), role.apiName()).cookie());
        ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }

    private void logout(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(CLEVER_SESSION_COOKIE, "").setPath("/").setMaxAge(0));
        page(ctx, 200, "Signed out of Clever (sandbox)", "<p>The next login shows the user picker again.</p>");
    }

    /** Who is signed in at Clever in this browser, for one district. */
    private record SignedIn(String districtId, String userId, String role) {

        static SignedIn from(RoutingContext ctx, String districtId) {
            SignedIn signedIn = read(ctx);
            return signedIn != null && signedIn.districtId().equals(districtId) ? signedIn : null;
        }

        static String districtOf(RoutingContext ctx) {
            SignedIn signedIn = read(ctx);
            return signedIn == null ? null : signedIn.districtId();
        }

        private static SignedIn read(RoutingContext ctx) {
            Cookie cookie = ctx.request().getCookie(CLEVER_SESSION_COOKIE);
            String[] parts = cookie == null ? new String[0] : cookie.getValue().split("\\.");
            return parts.length == 3 ? new SignedIn(parts[0], parts[1], parts[2]) : null;
        }

        Cookie cookie() {
            return Cookie.cookie(CLEVER_SESSION_COOKIE, districtId + "." + userId + "." + role)
                    .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX);
        }
    }

    private DistrictData chooseDistrict(RoutingContext ctx, String selfPath, String districtId) {
        List<DistrictData> connected = world.connectedDistricts();
        if (districtId != null) {
            DistrictData chosen = connected.stream().filter(d -> d.id().equals(districtId)).findFirst().orElse(null);
            if (chosen == null) {
                page(ctx, 400, "Unknown district", "<p>District " + Responses.escapeHtml(districtId)
                        + " is not connected to this app.</p>");
            }
            return chosen;
        }
        if (connected.size() == 1) {
            return connected.get(0);
        }
        StringBuilder body = new StringBuilder("<p>Choose your district:</p><ul>");
        for (DistrictData d : connected) {
            body.append("<li><a href=\"").append(Responses.escapeHtml(withParam(ctx, selfPath, "district_id", d.id())))
                    .append("\">").append(Responses.escapeHtml(d.district().name())).append("</a></li>");
        }
        page(ctx, 200, "Log in with Clever (sandbox)", body.append("</ul>").toString());
        return null;
    }

    private void userPicker(RoutingContext ctx, String selfPath, DistrictData district, Sharing sharing) {
        String query = ctx.queryParams().get("q");
        String needle = query == null ? null : query.toLowerCase(Locale.ROOT);
        List<User> users = world.read(() -> {
            List<User> out = new ArrayList<>();
            for (User user : district.users().values()) {
                if (sharing.userVisible(user) && (needle == null
                        || (user.first() + " " + user.last()).toLowerCase(Locale.ROOT).contains(needle))) {
                    out.add(user);
                    if (out.size() == USERS_ON_PAGE) {
                        break;
                    }
                }
            }
            return out;
        });
        StringBuilder body = new StringBuilder();
        body.append("<p>District: <strong>").append(Responses.escapeHtml(district.district().name()))
                .append("</strong>. Pick the user to log in as.</p>")
                .append("<form method=\"get\" action=\"").append(selfPath).append("\">");
        for (Map.Entry<String, String> param : ctx.queryParams()) {
            if (!param.getKey().equals("q")) {
                body.append("<input type=\"hidden\" name=\"").append(Responses.escapeHtml(param.getKey()))
                        .append("\" value=\"").append(Responses.escapeHtml(param.getValue())).append("\">");
            }
        }
        body.append("<input name=\"q\" placeholder=\"name\" value=\"").append(Responses.escapeHtml(query))
                .append("\"> <button type=\"submit\">Search</button></form><ul>");
        for (User user : users) {
            for (Role role : Role.values()) {
                if (!sharing.roleVisible(user, role)) {
                    continue;
                }
                String href = withParam(ctx, selfPath, "district_id", district.id());
                href += "&sandbox_user=" + enc(user.id()) + "&sandbox_role=" + role.apiName();
                body.append("<li><a class=\"login\" data-user-id=\"").append(user.id()).append("\" data-role=\"")
                        .append(role.apiName()).append("\" href=\"").append(Responses.escapeHtml(href)).append("\">")
                        .append(Responses.escapeHtml(user.first() + " " + user.last())).append("</a> — ")
                        .append(role.userType())
                        .append(user.email() == null ? " (no e-mail)" : " &lt;" + Responses.escapeHtml(user.email()) + "&gt;")
                        .append("</li>");
            }
        }
        body.append("</ul>");
        if (users.size() == USERS_ON_PAGE) {
            body.append("<p>Showing the first ").append(USERS_ON_PAGE).append(" users; search to narrow.</p>");
        }
        page(ctx, 200, "Log in with Clever (sandbox)", body.toString());
    }

    private static Role loginRole(User user, Sharing sharing, String requested) {
        if (requested != null && !requested.isEmpty()) {
            Role role;
            try {
                role = Role.parse(requested);
            } catch (IllegalArgumentException e) {
                return null;
            }
            return sharing.roleVisible(user, role) ? role : null;
        }
        for (Role role : Role.values()) {
            if (sharing.roleVisible(user, role)) {
                return role;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ token exchange and userinfo

    private void exchange(RoutingContext ctx) {
        Map<String, String> body = bodyParams(ctx);
        String[] credentials = Responses.basic(ctx);
        if (credentials == null && body.containsKey("client_id")) {
            credentials = new String[] {body.get("client_id"), body.getOrDefault("client_secret", "")};
        }
        if (!app.authenticates(credentials)) {
            Responses.oauthError(ctx, 401, "invalid_client", "client authentication failed");
            return;
        }
        if (!"authorization_code".equals(body.get("grant_type"))) {
            Responses.oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code");
            return;
        }
        SsoSessions.Code code = sessions.redeem(body.get("code"));
        if (code == null) {
            Responses.oauthError(ctx, 400, "invalid_grant", "Invalid grant: invalid code");
            return;
        }
        String redirectUri = body.get("redirect_uri");
        if (redirectUri != null && code.redirectUri() != null && !redirectUri.equals(code.redirectUri())) {
            Responses.oauthError(ctx, 400, "invalid_grant", "redirect_uri does not match the authorization request");
            return;
        }
        User user = world.user(code.userId());
        if (user == null) {
            Responses.oauthError(ctx, 400, "invalid_grant", "the user no longer exists");
            return;
        }
        long now = clock.millis();
        String accessToken = "ilc_" + world.randomHex(20);
        sessions.putToken(accessToken, new SsoSessions.Session(user.id(), code.districtId(), code.role(),
                now + SsoSessions.TOKEN_TTL_MILLIS));
        Map<String, Object> claims = new LinkedHashMap<>();
        if (code.nonce() != null) {
            claims.put("nonce", code.nonce());
        }
        claims.put("user_id", ObjectIds.derived(user.id(), code.role().ordinal() + 1));
        claims.put("multi_role_user_id", user.id());
        claims.put("user_type", code.role().userType());
        claims.put("district", code.districtId());
        if (user.email() != null) {
            claims.put("email", user.email());
        }
        claims.put("email_verified", false);
        claims.put("given_name", user.first());
        claims.put("family_name", user.last());
        String idToken = signer.sign(issuer.get(), app.clientId(), user.id(), now, ID_TOKEN_TTL_MILLIS, claims);
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 200, new JsonObject()
                .put("access_token", accessToken)
                .put("token_type", "bearer")
                .put("expires_in", SsoSessions.TOKEN_TTL_MILLIS / 1000)
                .put("id_token", idToken));
    }

    private void userinfo(RoutingContext ctx) {
        String token = Responses.bearer(ctx);
        SsoSessions.Session session = token == null ? null : sessions.session(token);
        if (session == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Responses.message(ctx, 401, "Invalid bearer token");
            return;
        }
        User user = world.user(session.userId());
        DistrictData district = world.districtData(session.districtId());
        if (user == null || district == null) {
            Responses.message(ctx, 404, "Resource not found");
            return;
        }
        Sharing sharing = world.sharing(district);
        JsonArray schools = new JsonArray();
        for (String school : sharing.sharedOnly(user.schoolsOf(session.role()))) {
            schools.add(school);
        }
        JsonObject name = new JsonObject().put("first", user.first()).put("last", user.last());
        if (user.middle() != null) {
            name.put("middle", user.middle());
        }
        JsonObject info = new JsonObject()
                .put("sub", user.id())
                .put("user_id", ObjectIds.derived(user.id(), session.role().ordinal() + 1))
                .put("multi_role_user_id", user.id())
                .put("user_type", session.role().userType())
                .put("district_id", session.districtId())
                .put("district", session.districtId())
                .put("name", name)
                .put("given_name", user.first())
                .put("family_name", user.last())
                .put("email_verified", false)
                .put("schools", schools)
                .put("authorized_by", "district");
        if (user.email() != null) {
            info.put("email", user.email());
        }
        Responses.json(ctx, 200, info);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> bodyParams(RoutingContext ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                JsonObject json = ctx.body().asJsonObject();
                if (json != null) {
                    json.forEach(e -> params.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
                }
            } catch (RuntimeException e) {
                // an unreadable body leaves the parameters empty: the checks below answer 400
            }
        } else {
            ctx.request().formAttributes().forEach(e -> params.put(e.getKey(), e.getValue()));
        }
        return params;
    }

    private static String withParam(RoutingContext ctx, String path, String name, String value) {
        StringBuilder out = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> param : ctx.queryParams()) {
            if (param.getKey().equals(name) || param.getKey().equals("q")) {
                continue;
            }
            out.append(sep).append(enc(param.getKey())).append('=').append(enc(param.getValue()));
            sep = '&';
        }
        return out.append(sep).append(enc(name)).append('=').append(enc(value)).toString();
    }

    private static String first(MultiMap params, String... names) {
        for (String name : names) {
            String value = params.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static void page(RoutingContext ctx, int status, String title, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Responses.escapeHtml(title)
                        + "</title></head><body><h1>" + Responses.escapeHtml(title) + "</h1>" + body
                        + "<p><small>Clever sandbox — not clever.com</small></p></body></html>");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
