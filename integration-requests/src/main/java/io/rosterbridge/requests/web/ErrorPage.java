package io.rosterbridge.requests.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The page for an error that has no page of its own: what went wrong and what to do next. */
public final class ErrorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String title, String message, String home);
    }

    private ErrorPage() {
    }

    /** The console's errors lead back to the console, every other one to the intake form. */
    public static String render(String path, String title, String message) {
        String home = path.startsWith("/support") ? "/support" : "/requests/new";
        return Templates.page(title, message, home).render();
    }
}
