package dev.retort.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow checks on H2 (the MariaDB side runs in the mariadb-smoke invoker project): they pass
 * on the state a correct run leaves, and each thing a broken run could get wrong fails them.
 */
class CustomerWorkflowTest {

    @TempDir
    Path project;

    private ItDatabase db;

    @BeforeEach
    void correctRun() throws Exception {
        db = ItDatabase.of(
                ItDatabase.Kind.H2, DriverManager.getConnection("jdbc:h2:mem:" + System.nanoTime(), "sa", ""));
        CustomerFixture.createTables(db);
        CustomerFixture.writeProject(project);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void correctRunPasses() {
        assertDoesNotThrow(() -> CustomerWorkflow.verify(project.toFile(), db));
    }

    @Test
    void rendersH2ColumnsLikeDdl() throws SQLException {
        assertEquals(
                CustomerWorkflow.H2_CUSTOMER.values().stream().sorted().toList(),
                db.columns("CUSTOMER").values().stream().sorted().toList());
        assertEquals(List.of("ID"), db.primaryKey("CUSTOMER"));
        assertEquals(List.of(List.of("EMAIL")), db.uniqueKeys("CUSTOMER"));
    }

    @Test
    void missingColumnFails() throws Exception {
        db.execute("alter table Customer drop column bio");
        assertFails("CUSTOMER has no column bio");
    }

    @Test
    void wrongLengthAndNullabilityFail() throws Exception {
        db.execute(
                "alter table Customer alter column name set data type varchar(255)",
                "alter table Customer alter column name set null");
        assertFails("CUSTOMER.name: expected <CHARACTER VARYING(100) not null> but was <CHARACTER VARYING(255)>");
    }

    @Test
    void missingUniqueConstraintFails() throws Exception {
        db.execute("alter table Customer drop constraint UK_customer_email");
        assertFails("CUSTOMER has no unique constraint on (email)");
    }

    @Test
    void historyMustHoldBothRevisionsApplied() throws Exception {
        db.execute("update retort_history set state = 'running' where revision = '" + CustomerFixture.SECOND_ID + "'");
        assertFails("RETORT_HISTORY state of revision " + CustomerFixture.SECOND_ID
                + ": expected <applied> but was <running>");
        db.execute("delete from retort_history where revision = '" + CustomerFixture.SECOND_ID + "'");
        assertFails("number of rows in RETORT_HISTORY");
    }

    @Test
    void missingTableFails() throws Exception {
        db.execute("drop table Customer");
        assertFails("no table Customer");
    }

    @Test
    void secondMigrationMustFollowTheFirst() throws Exception {
        Path second = project.resolve("src/main/java/db/migration/V20261125_1413__AddCustomerBio.java");
        Files.writeString(
                second, Files.readString(second).replace("parents = {\"" + CustomerFixture.FIRST_ID + "\"},", ""));
        assertFails(
                "V20261125_1413__AddCustomerBio.java @Revision(parents) (the id of V20261125_1412__CreateCustomer.java):"
                        + " expected <[" + CustomerFixture.FIRST_ID + "]> but was <[]>");
    }

    @Test
    void aThirdMigrationFails() throws Exception {
        Path dir = project.resolve("src/main/java/db/migration");
        Files.copy(dir.resolve("V20261125_1413__AddCustomerBio.java"), dir.resolve("V20261125_1414__Again.java"));
        assertFails("number of .java files in");
    }

    @Test
    void logMustReportNoChanges() throws Exception {
        Files.writeString(project.resolve("build.log"), "[INFO] Wrote V20261125_1415__Nothing.java\n");
        assertFails("times build.log says \"No changes detected\"");
    }

    @Test
    void readsRevisionAnnotations() throws Exception {
        List<GeneratedMigration> migrations = GeneratedMigration.in(project.resolve("src/main/java/db/migration"));
        assertEquals(2, migrations.size());
        GeneratedMigration first = migrations.get(0);
        assertEquals(CustomerFixture.FIRST_ID, first.id());
        assertEquals(List.of(), first.parents());
        assertEquals("create customer", first.message());
        assertTrue(first.isNamed("CreateCustomer"));
        GeneratedMigration second = migrations.get(1);
        assertEquals(CustomerFixture.SECOND_ID, second.id());
        assertEquals(List.of(CustomerFixture.FIRST_ID), second.parents());
        assertEquals("add customer bio", second.message());
        assertEquals("V20261125_1413__AddCustomerBio", second.className());
    }

    private void assertFails(String expectedFailure) {
        AssertionError e = assertThrows(AssertionError.class, () -> CustomerWorkflow.verify(project.toFile(), db));
        assertTrue(
                e.getMessage().contains(expectedFailure),
                () -> "expected a failure containing\n  " + expectedFailure + "\nbut got\n" + e.getMessage());
    }
}
