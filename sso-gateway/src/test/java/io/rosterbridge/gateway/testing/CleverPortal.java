package io.rosterbridge.gateway.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at the Clever sandbox: on its login page they pick their account; once signed in at Clever (the
 * sandbox's session cookie), Clever passes them straight through and there is nothing to pick.
 */
public final class CleverPortal {

    private CleverPortal() {
    }

    /** Clicks the user's link (in that role) on the sandbox's login page the journey ended on, and follows on. */
    public static Browser.Journey pick(Browser browser, Browser.Journey atClever, String userId, String role) {
        return pick(browser, atClever, userId, role, uri -> false);
    }

    /** Like {@link #pick}, stopping before a URL matching {@code stopBefore} (to hold a callback back). */
    public static Browser.Journey pick(Browser browser, Browser.Journey atClever, String userId, String role,
            Predicate<URI> stopBefore) {
        if (!isLoginPage(atClever)) {
            return atClever; // signed in at Clever already: no extra page
        }
        URI link = choice(atClever, userId, role);
        return browser.follow(link, browser.get(link), new ArrayList<>(List.of(link)), stopBefore);
    }

    public static boolean isLoginPage(Browser.Journey journey) {
        return journey.status() == 200 && journey.body().contains("data-user-id=");
    }

    /** The URL the user's link on the login page leads to. */
    public static URI choice(Browser.Journey atClever, String userId, String role) {
        if (atClever.status() != 200) {
            throw new AssertionError("Expected the sandbox login page, got " + atClever.status() + ": " + atClever.body());
        }
        Pattern link = Pattern.compile("data-user-id=\"" + userId + "\" data-role=\"" + role + "\" href=\"([^\"]+)\"");
        Matcher matcher = link.matcher(atClever.body());
        if (!matcher.find()) {
            throw new AssertionError("No link for " + userId + " as " + role + " on the sandbox login page");
        }
        URI page = atClever.requested().get(atClever.requested().size() - 1);
        return page.resolve(matcher.group(1).replace("&amp;", "&"));
    }
}
