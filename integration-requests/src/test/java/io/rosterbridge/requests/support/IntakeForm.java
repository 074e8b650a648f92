package io.rosterbridge.requests.support;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;

/** The public intake form as a browser sends it: the page's CSRF cookie and token, fields encoded as UTF-8. */
public final class IntakeForm {

    public static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    /** The CSRF cookie and the matching hidden field of one form page. */
    public record Csrf(String cookie, String token) {
    }

    private IntakeForm() {
    }

    public static Csrf open() {
        Response page = given().when().get("/requests/new");
        Matcher token = TOKEN.matcher(page.asString());
        if (page.statusCode() != 200 || page.getCookie("csrf-token") == null || !token.find()) {
            throw new AssertionError("the form page has no CSRF cookie and token: HTTP " + page.statusCode());
        }
        return new Csrf(page.getCookie("csrf-token"), token.group(1));
    }

    /** A valid form's fields, each replaceable. */
    public static Map<String, List<String>> valid(String districtName) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("districtName", List.of(districtName));
        fields.put("schools", List.of("Lincoln Elementary"));
        fields.put("contactName", List.of("Ana Admin"));
        fields.put("contactEmail", List.of("ana@district.org"));
        fields.put("sharedRoles", List.of("students"));
        fields.put("notes", List.of(""));
        return fields;
    }

    public static String encode(Map<String, List<String>> fields) {
        return fields.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }

    /** Posts the fields with the page's token, from a fresh client address. */
    public static Response submit(Map<String, List<String>> fields) {
        Csrf csrf = open();
        Map<String, List<String>> withToken = new LinkedHashMap<>(fields);
        withToken.put("csrf-token", List.of(csrf.token()));
        return post(encode(withToken), csrf.cookie());
    }

    /** Posts an encoded body as is (no charset parameter, like a browser), with the CSRF cookie when given. */
    public static Response post(String body, String csrfCookie) {
        var request = given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .redirects().follow(false)
                .header("X-Forwarded-For", TestData.address())
                .contentType(FORM_TYPE)
                .body(body);
        if (csrfCookie != null) {
            request.cookie("csrf-token", csrfCookie);
        }
        return request.when().post("/requests");
    }
}
