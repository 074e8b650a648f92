package io.rosterbridge.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;

@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class HealthTest {

    @Test
    void isUpWithRealDatabaseAndBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }
}
