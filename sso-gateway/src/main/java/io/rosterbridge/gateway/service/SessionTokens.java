package io.rosterbridge.gateway.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

import io.rosterbridge.gateway.config.GatewayConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Signs and checks the platform session: an ES256 JWT with the Clever user id ({@code sub}), district,
 * organisation, schools and roles ({@code groups}). The key comes from configuration or is generated at start
 * (one instance, or sessions that need not survive a restart); apps verify with {@link #publicJwks()}.
 */
@ApplicationScoped
public class SessionTokens {

    private static final Logger LOG = Logger.getLogger(SessionTokens.class);
    static final String DISTRICT = "district";
    static final String ORGANISATION = "org";
    static final String SCHOOLS = "schools";
    static final String GROUPS = "groups";
    private static final String BOUNCY_CASTLE = "BC";

    @Inject
    GatewayConfig config;

    private KeyPair keys;
    private String keyId;
    private JwtConsumer consumer;
    private ProviderContext signingProvider;
    private PrivateKey signingKey;

    @PostConstruct
    void init() {
        keys = configuredKeys().orElseGet(SessionTokens::generatedKeys);
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic());
            keyId = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot compute the session key id", e);
        }
        signingKey = keys.getPrivate();
        if (Security.getProvider(BOUNCY_CASTLE) != null) {
            signingProvider = new ProviderContext();
            signingProvider.getSuppliedKeyProviderContext().setSignatureProvider(BOUNCY_CASTLE);
            signingKey = asBouncyCastleKey(keys.getPrivate());
        } else {
            LOG.info("Bouncy Castle is not registered: sessions are signed by the JDK's slower P-256 implementation");
        }
        consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.session().issuer())
                .setExpectedAudience(config.session().audience())
                .setVerificationKey(keys.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
    }

    public IssuedSession issue(AccessDecision decision) {
        String sessionId = UUID.randomUUID().toString();
        long issuedAt = Instant.now().getEpochSecond();
        long expiresAt = issuedAt + config.session().lifetime().toSeconds();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.session().issuer());
        claims.setAudience(config.session().audience());
        claims.setSubject(decision.cleverUserId());
        claims.setJwtId(sessionId);
        claims.setClaim(DISTRICT, decision.districtId());
        if (decision.organisationId() != null) {
            claims.setClaim(ORGANISATION, decision.organisationId());
        }
        claims.setStringListClaim(SCHOOLS, decision.schoolIds());
        claims.setStringListClaim(GROUPS, List.copyOf(new LinkedHashSet<>(decision.roles())));
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        return new IssuedSession(sign(claims), new SessionClaims(sessionId, decision.cleverUserId(), decision.districtId(),
                decision.organisationId(), List.copyOf(decision.roles()), List.copyOf(decision.schoolIds()),
                Instant.ofEpochSecond(expiresAt)));
    }

    /**
     * ES256 over the claims, by Bouncy Castle when it is registered ({@code quarkus.security.security-providers=BC}):
     * the JDK 17 P-256 signer costs two to three times as much CPU, and a login rush signs one session per click.
     */
    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader(HeaderParameterNames.TYPE, "JWT");
        if (signingProvider != null) {
            jws.setProviderContext(signingProvider);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign the session", e);
        }
    }

    /** The claims of a session this gateway signed and that has not expired; empty for anything else. */
    public Optional<SessionClaims> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return Optional.of(new SessionClaims(claims.getJwtId(), claims.getSubject(),
                    claims.getStringClaimValue(DISTRICT), claims.getStringClaimValue(ORGANISATION),
                    listClaim(claims, GROUPS), listClaim(claims, SCHOOLS),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue())));
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Ignoring an invalid session cookie: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The public key as a JWK set, for the apps that verify the session. */
    public String publicJwks() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic());
            jwk.setKeyId(keyId);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot export the session key", e);
        }
    }

    private static List<String> listClaim(JwtClaims claims, String name) throws MalformedClaimException {
        if (!claims.hasClaim(name)) {
            return List.of();
        }
        return claims.isClaimValueStringList(name) ? claims.getStringListClaimValue(name) : List.of(claims.getStringClaimValue(name));
    }

    /**
     * The same private key as a Bouncy Castle key object: Bouncy Castle keeps its precomputed multiples of the curve's
     * base point only for its own key objects; with a JDK key it recomputes them for every signature (4x the cost).
     */
    private static PrivateKey asBouncyCastleKey(PrivateKey key) {
        try {
            return KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the session signing key into Bouncy Castle", e);
        }
    }

    private Optional<KeyPair> configuredKeys() {
        Optional<String> signing = config.session().signingKey().filter(pem -> !pem.isBlank());
        Optional<String> verification = config.session().verificationKey().filter(pem -> !pem.isBlank());
        if (signing.isEmpty() && verification.isEmpty()) {
            return Optional.empty();
        }
        if (signing.isEmpty() || verification.isEmpty()) {
            throw new IllegalStateException("gateway.session.signing-key and gateway.session.verification-key go together");
        }
        try {
            PrivateKey privateKey = KeyUtils.decodePrivateKey(signing.get(), SignatureAlgorithm.ES256);
            PublicKey publicKey = KeyUtils.decodePublicKey(verification.get(), SignatureAlgorithm.ES256);
            return Optional.of(new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("gateway.session signing/verification keys are not EC P-256 PEM keys", e);
        }
    }

    private static KeyPair generatedKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            LOG.info("No session signing key configured: generated one (sessions end when this instance restarts)");
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate the session signing key", e);
        }
    }
}
