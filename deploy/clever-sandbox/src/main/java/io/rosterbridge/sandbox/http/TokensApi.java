package io.rosterbridge.sandbox.http;

import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.render.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /oauth/tokens?owner_type=district[&district=…]} with Basic client credentials: the connected
 * districts and their district-app tokens.
 */
public final class TokensApi {

    static final JsonArray SCOPES = new JsonArray()
            .add("read:district_admins").add("read:districts").add("read:resources").add("read:school_admins")
            .add("read:schools").add("read:sections").add("read:student_contacts").add("read:students")
            .add("read:teachers").add("read:user_id");

    private final SandboxWorld world;
    private final ClientApp app;

    public TokensApi(SandboxWorld world, ClientApp app) {
        this.world = world;
        this.app = app;
    }

    public void list(RoutingContext ctx) {
        if (!app.authenticates(Responses.basic(ctx))) {
            Responses.oauthError(ctx, 401, "invalid_client", "client authentication failed");
            return;
        }
        String ownerType = ctx.queryParams().get("owner_type");
        if (!"district".equals(ownerType)) {
            Responses.oauthError(ctx, 400, "invalid_request", "owner_type must be district");
            return;
        }
        String district = ctx.queryParams().get("district");
        JsonArray data = new JsonArray();
        for (DistrictData d : world.connectedDistricts()) {
            DistrictData.Connection connection = d.connection();
            if (connection == null || (district != null && !district.equals(d.id()))) {
                continue;
            }
            data.add(new JsonObject()
                    .put("id", connection.tokenId())
                    .put("created", Timestamps.format(connection.created()))
                    .put("owner", new JsonObject().put("type", "district").put("id", d.id()))
                    .put("access_token", connection.accessToken())
                    .put("scopes", SCOPES.copy()));
        }
        String self = "/oauth/tokens?owner_type=district" + (district == null ? "" : "&district=" + district);
        Responses.json(ctx, 200, new JsonObject().put("data", data)
                .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("uri", self))));
    }
}
