package io.rosterbridge.requests.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.rosterbridge.requests.config.NotificationConfig;

/** Emails the customer success team and district contacts, only once the change is committed. */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    @Inject
    Mailer mailer;

    @Inject
    NotificationConfig config;

    @Inject
    ManagedExecutor executor;

    void onSubmitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notifications.RequestSubmitted submitted) {
        send(Mail.withText(config.csmEmail(),
                "New integration request: " + submitted.districtName(),
                "District: " + submitted.districtName() + "\n"
                        + "Contact: " + submitted.contactName() + " <" + submitted.contactEmail() + ">\n"
                        + "Schools: " + submitted.schools() + "\n"
                        + "Roles shared: " + submitted.roles() + "\n\n"
                        + "Support console: " + config.publicBaseUrl() + "/support\n"),
                Mail.withText(submitted.contactEmail(),
                        "We received your Clever integration request for " + submitted.districtName(),
                        "Hello " + submitted.contactName() + ",\n\n"
                                + "Thank you. You can follow where your district's integration stands, and what is still missing, here:\n"
                                + statusUrl(submitted.statusToken()) + "\n\n"
                                + "Keep this link private: anyone who has it can see your request's status.\n"));
    }

    void onRostered(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notifications.DistrictRostered rostered) {
        String users = rostered.activeUsers() == null ? "" : " (" + rostered.activeUsers() + " active users)";
        send(Mail.withText(rostered.contactEmail(),
                rostered.districtName() + " is rostered",
                "Hello " + rostered.contactName() + ",\n\n"
                        + "Your district's first full sync is complete" + users + ". From now on it syncs nightly.\n"
                        + "Status: " + statusUrl(rostered.statusToken()) + "\n"),
                Mail.withText(config.csmEmail(),
                        "District rostered: " + rostered.districtName(),
                        rostered.districtName() + " finished its first full sync" + users + ".\n"));
    }

    private String statusUrl(String token) {
        return config.publicBaseUrl() + "/requests/status/" + token;
    }

    private void send(Mail... mails) {
        executor.execute(() -> {
            try {
                mailer.send(mails);
            } catch (RuntimeException e) {
                LOG.errorf("Could not send %d notification email(s): %s", mails.length, e.getMessage());
            }
        });
    }
}
