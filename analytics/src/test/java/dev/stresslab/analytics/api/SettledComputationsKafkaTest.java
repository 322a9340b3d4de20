package dev.stresslab.analytics.api;

import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A settled run's report and analysis are read back from PostgreSQL when no cache holds them (a restart, another
 * replica), byte for byte what was computed; a stored value for another version or shape is computed again.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class SettledComputationsKafkaTest extends KafkaTestSupport {
    @Inject
    ReportCaches caches;

    @Inject
    DataSource dataSource;

    @Test
    void aSettledRunIsReadBackNotComputedAgainAfterARestart() throws Exception {
        String run = ReportFixture.publish(kafka, "sim-stored-" + UUID.randomUUID().toString().substring(0, 6), false);
        String report = given().get("/runs/" + run).then().statusCode(200).extract().asString();
        String analysis = given().get("/runs/" + run + "/analysis").then().statusCode(200).extract().asString();
        assertEquals(2, count("select count(*) from settled_computation where run_id = ?", run), "report and analysis");

        // what a restart leaves: nothing cached; and the slots gone, so a computation could not give the same numbers
        update("delete from question_result where run_id = ?", run);
        caches.forgetAll();
        assertEquals(report, given().get("/runs/" + run).then().statusCode(200).extract().asString());
        assertEquals(analysis, given().get("/runs/" + run + "/analysis").then().statusCode(200).extract().asString());
        given().get("/runs/" + run + "/report.html").then().statusCode(200);

        // a row computed for another version (or another release's report shape) is not used
        update("update settled_computation set version = 'another' where run_id = ?", run);
        caches.forgetAll();
        String recomputed = given().get("/runs/" + run + "/analysis").then().statusCode(200)
                .body("positions.size()", equalTo(0)).extract().asString();
        assertNotEquals(analysis, recomputed);
        assertTrue(count("select count(*) from settled_computation where run_id = ? and version <> 'another'", run) > 0,
                "the recomputed value replaced the stale row");
    }

    private void update(String sql, String run) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run);
            ps.executeUpdate();
        }
    }

    private long count(String sql, String run) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
