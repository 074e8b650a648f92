package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import io.rosterbridge.sandbox.model.User;
import io.vertx.core.json.JsonObject;

/** Drives Clever SSO with a standard OIDC client library (Nimbus OAuth 2.0 / OpenID Connect SDK). */
class SsoFlowTest {

    private static final String REDIRECT = "https://app.example.test/login/clever";
    private static final String OTHER_REDIRECT = "https://app.example.test/other";

    private static MutableClock clock;
    private static CleverSandbox sandbox;
    private static SandboxHttp http;
    private static OIDCProviderMetadata provider;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.now());
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withClock(clock)
                .withRedirectUris(List.of(REDIRECT, OTHER_REDIRECT)));
        http = new SandboxHttp(sandbox.baseUrl());
        provider = OIDCProviderMetadata.resolve(new Issuer(sandbox.issuer()));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void loginAsDemoStudentYieldsAValidIdTokenWithClevesClaims() throws Exception {
        String studentId = sandbox.world().userIds(sandbox.demoDistrictId(), "student").get(0);
        State state = new State();
        Nonce nonce = new Nonce();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                new ClientID(sandbox.clientId()), URI.create(OTHER_REDIRECT))
                .endpointURI(provider.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .customParameter("district_id", sandbox.demoDistrictId())
                .build().toURI();

        String page = http.get(authorize.toString().substring(sandbox.baseUrl().length()), null).body();
        String link = loginLink(page, studentId);
        SandboxHttp.Response redirect = http.get(link, null);

        assertThat(redirect.status()).isEqualTo(302);
        URI location = URI.create(redirect.header("Location"));
        assertThat(location.toString()).startsWith(OTHER_REDIRECT + "?code=").contains("&state=" + state.getValue());
        String code = query(location, "code");

        OIDCTokenResponse tokens = exchange(code, OTHER_REDIRECT).toSuccessResponse() instanceof OIDCTokenResponse r ? r : null;
        assertThat(tokens).isNotNull();
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims = new IDTokenValidator(provider.getIssuer(), new ClientID(sandbox.clientId()),
                JWSAlgorithm.RS256, provider.getJWKSetURI().toURL()).validate(idToken, nonce);
        User student = sandbox.world().user(studentId);
        assertThat(claims.getSubject().getValue()).isEqualTo(studentId);
        assertThat(claims.getStringClaim("user_type")).isEqualTo("student");
        assertThat(claims.getStringClaim("district")).isEqualTo(sandbox.demoDistrictId());
        assertThat(claims.getStringClaim("email")).isEqualTo(student.email());
        assertThat(claims.getStringClaim("given_name")).isEqualTo(student.first());
        assertThat(claims.getStringClaim("family_name")).isEqualTo(student.last());
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);

        BearerAccessToken accessToken = tokens.getOIDCTokens().getBearerAccessToken();
        UserInfoResponse userInfoResponse = UserInfoResponse.parse(new UserInfoRequest(provider.getUserInfoEndpointURI(),
                accessToken).toHTTPRequest().send());
        UserInfo userInfo = userInfoResponse.toSuccessResponse().getUserInfo();
        assertThat(userInfo.getSubject().getValue()).isEqualTo(studentId);
        assertThat(userInfo.getStringClaim("user_type")).isEqualTo("student");

        JsonObject me = http.get("/v3.0/me", accessToken.getValue()).json();
        assertThat(me.getJsonObject("data").getString("id")).isEqualTo(studentId);
        assertThat(http.get("/v3.0/users/" + studentId, accessToken.getValue()).status()).isEqualTo(200);
        assertThat(http.get("/v3.0/users", accessToken.getValue()).status()).isEqualTo(404);
    }

    @Test
    void codeWorksOnceAndOnlyForSixtySeconds() throws Exception {
        String teacherId = sandbox.world().userIds(sandbox.demoDistrictId(), "teacher").get(0);
        String code = query(URI.create(http.get(sandbox.instantLoginUrl(teacherId).substring(sandbox.baseUrl().length()),
                null).header("Location")), "code");
        assertThat(exchange(code, REDIRECT).indicatesSuccess()).isTrue();
        TokenResponse replay = exchange(code, REDIRECT);
        assertThat(replay.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_grant");

        String late = query(URI.create(http.get(sandbox.instantLoginUrl(teacherId).substring(sandbox.baseUrl().length()),
                null).header("Location")), "code");
        clock.advance(Duration.ofSeconds(61));
        TokenResponse expired = exchange(late, REDIRECT);
        assertThat(((TokenErrorResponse) expired).getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void instantLoginGoesToThePrimaryRedirectUriWithoutState() {
        String adminId = sandbox.world().userIds(sandbox.demoDistrictId(), "district_admin").get(0);

        SandboxHttp.Response launch = http.get(sandbox.instantLoginUrl(adminId).substring(sandbox.baseUrl().length()), null);

        assertThat(launch.status()).isEqualTo(302);
        String location = launch.header("Location");
        assertThat(location).startsWith(REDIRECT + "?code=").doesNotContain("state=");
    }

    @Test
    void signedInBrowserIsSentStraightBackLikeAtClever() throws Exception {
        String studentId = sandbox.world().userIds(sandbox.demoDistrictId(), "student").get(0);
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        String authorize = sandbox.baseUrl() + "/oauth/authorize?response_type=code&client_id=" + sandbox.clientId()
                + "&state=fresh-state&nonce=n-1";

        browser.send(get(sandbox.instantLoginUrl(studentId)), java.net.http.HttpResponse.BodyHandlers.discarding());
        java.net.http.HttpResponse<String> again = browser.send(get(authorize), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).as("no login page once signed in").isEqualTo(302);
        String location = again.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("state=fresh-state");
        OIDCTokenResponse tokens = (OIDCTokenResponse) exchange(query(URI.create(location), "code"), REDIRECT).toSuccessResponse();
        assertThat(tokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(studentId);

        assertThat(browser.send(get(authorize + "&prompt=login"), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("prompt=login shows the picker").isEqualTo(200);
        browser.send(get(sandbox.baseUrl() + "/oauth/logout"), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(browser.send(get(authorize), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("signed out of Clever").isEqualTo(200);
    }

    private static java.net.http.HttpRequest get(String url) {
        return java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    @Test
    void multiRoleUserCanLogInWithEitherRole() throws Exception {
        String teacherAndStaff = sandbox.world().userIds(sandbox.demoDistrictId(), "staff").stream()
                .filter(id -> sandbox.world().user(id).teacher() != null).findFirst().orElseThrow();
        String page = http.get("/oauth/authorize?response_type=code&client_id=" + sandbox.clientId(), null).body();

        assertThat(page).contains("data-user-id=\"" + teacherAndStaff + "\" data-role=\"teacher\"")
                .contains("data-user-id=\"" + teacherAndStaff + "\" data-role=\"staff\"");
        String staffLink = http.get("/oauth/authorize?response_type=code&client_id=" + sandbox.clientId()
                + "&sandbox_user=" + teacherAndStaff + "&sandbox_role=staff", null).header("Location");
        OIDCTokenResponse tokens = (OIDCTokenResponse) exchange(query(URI.create(staffLink), "code"), REDIRECT).toSuccessResponse();
        assertThat(tokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("user_type")).isEqualTo("staff");
    }

    @Test
    void exchangesCodesSentAsJsonWithCredentialsInTheBody() {
        String studentId = sandbox.world().userIds(sandbox.demoDistrictId(), "student").get(1);
        String code = query(URI.create(http.get("/oauth/authorize?response_type=code&client_id=" + sandbox.clientId()
                + "&sandbox_user=" + studentId, null).header("Location")), "code");

        SandboxHttp.Response wrongSecret = http.post("/oauth/tokens", "application/json", new JsonObject()
                .put("grant_type", "authorization_code").put("code", code).put("redirect_uri", REDIRECT)
                .put("client_id", sandbox.clientId()).put("client_secret", "wrong").encode(), null);
        SandboxHttp.Response ok = http.post("/oauth/tokens", "application/json", new JsonObject()
                .put("grant_type", "authorization_code").put("code", code).put("redirect_uri", REDIRECT)
                .put("client_id", sandbox.clientId()).put("client_secret", sandbox.clientSecret()).encode(), null);

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().getString("error")).isEqualTo("invalid_client");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().getString("token_type")).isEqualTo("bearer");
        assertThat(http.get("/userinfo", ok.json().getString("access_token")).json().getString("sub")).isEqualTo(studentId);
    }

    @Test
    void rejectsUnregisteredRedirectUrisAndUnknownClients() {
        assertThat(http.get("/oauth/authorize?response_type=code&client_id=" + sandbox.clientId()
                + "&redirect_uri=https://evil.example/cb", null).status()).isEqualTo(400);
        assertThat(http.get("/oauth/authorize?response_type=code&client_id=nope", null).status()).isEqualTo(400);
    }

    private static TokenResponse exchange(String code, String redirectUri) throws Exception {
        TokenRequest request = new TokenRequest(provider.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(sandbox.clientId()), new Secret(sandbox.clientSecret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri)));
        return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    }

    private static String loginLink(String page, String userId) {
        Matcher m = Pattern.compile("data-user-id=\"" + userId + "\" data-role=\"[a-z_]+\" href=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("login link for %s", userId).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
