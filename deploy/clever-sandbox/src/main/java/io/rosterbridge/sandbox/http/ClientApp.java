package io.rosterbridge.sandbox.http;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one Clever app the sandbox serves: its credentials and registered redirect URIs (first = primary). */
public final class ClientApp {

    private final String clientId;
    private final String clientSecret;
    private final List<String> redirectUris = new CopyOnWriteArrayList<>();

    public ClientApp(String clientId, String clientSecret, List<String> redirectUris) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        redirectUris.forEach(this::addRedirectUri);
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public List<String> redirectUris() {
        return List.copyOf(redirectUris);
    }

    /** Registers a redirect URI (kept once; the first ever registered stays primary). */
    public void addRedirectUri(String uri) {
        if (uri != null && !uri.isBlank() && !redirectUris.contains(uri.trim())) {
            redirectUris.add(uri.trim());
        }
    }

    public String primaryRedirectUri() {
        return redirectUris.isEmpty() ? null : redirectUris.get(0);
    }

    /** Constant-time check of Basic credentials. */
    public boolean authenticates(String[] credentials) {
        return credentials != null
                && MessageDigest.isEqual(credentials[0].getBytes(StandardCharsets.UTF_8), clientId.getBytes(StandardCharsets.UTF_8))
                && MessageDigest.isEqual(credentials[1].getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8));
    }
}
