package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import dev.retort.migration.Types;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals {@code check}, {@code sql} and {@code generate} on a small compiled project: migration
 * classes and an entity snapshot in {@code target/classes}, as the compiler and the processor
 * leave them. What the user sees is asserted: the findings, the fixes, the SQL, the refusals.
 */
class GoalsTest {

    static final String CREATE = """
            package db.migration;
            import static dev.retort.migration.Column.column;
            import static dev.retort.migration.Types.*;
            import dev.retort.migration.*;
            @Revision(id = "20261120_0930_aaaa", message = "customer")
            public final class V20261120_0930__Customer implements Migration {
                public void upgrade(Operations op) {
                    op.createTable("customer", column("id", bigint()).primaryKey().autoIncrement(), column("fax", varchar(40)).nullable());
                }
                public void downgrade(Operations op) {
                    op.dropTable("customer").acceptDataLoss();
                }
            }
            """;

    static final String DROP_FAX = """
            package db.migration;
            import static dev.retort.migration.Column.column;
            import static dev.retort.migration.Types.*;
            import dev.retort.migration.*;
            @Revision(id = "20261121_1000_bbbb", parents = "20261120_0930_aaaa", message = "drop fax")
            public final class V20261121_1000__DropFax implements Migration {
                public void upgrade(Operations op) {
                    op.dropColumn("customer", "fax")%s;
                }
                public void downgrade(Operations op) {
                    op.addColumn("customer", column("fax", varchar(40)).nullable());
                }
            }
            """;

    static final Table CUSTOMER = new Table(
            "customer",
            List.of(new Column("id", Types.bigint(), false, true, "Customer.id")),
            List.of("id"),
            List.of(),
            "Customer");

    /** Logs into a list, as the user would read it. */
    static final class Recorded extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add("[INFO] " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("[WARNING] " + content);
        }
    }

    /** A project whose target/classes holds the compiled migrations and the snapshot of {@code model}. */
    static MavenProject project(Path dir, Schema model, String... sources) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/main/java/db/migration"));
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        List<String> args =
                new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (String source : sources) {
            String name = source.replaceAll("(?s).*public final class (\\w+).*", "$1");
            Path file = src.resolve(name + ".java");
            Files.writeString(file, source);
            args.add(file.toString());
        }
        if (sources.length > 0) {
            assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
        }
        Path snapshot = classes.resolve(SchemaJson.RESOURCE);
        Files.createDirectories(snapshot.getParent());
        Files.writeString(snapshot, SchemaJson.write(model));
        MavenProject project = new MavenProject();
        project.setFile(dir.resolve("pom.xml").toFile());
        Build build = new Build();
        build.setDirectory(dir.resolve("target").toString());
        build.setOutputDirectory(classes.toString());
        build.setSourceDirectory(dir.resolve("src/main/java").toString());
        project.setBuild(build);
        return project;
    }

    static <T extends AbstractMojo> T mojo(T mojo, MavenProject project, Recorded log, Object... fields)
            throws Exception {
        set(mojo, "project", project);
        set(mojo, "migrationPackage", "db.migration");
        for (int i = 0; i < fields.length; i += 2) {
            set(mojo, (String) fields[i], fields[i + 1]);
        }
        mojo.setLog(log);
        return mojo;
    }

    static void set(Object target, String name, Object value) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }

    @Test
    void aBadOnlineCopySettingNamesItsProperty(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        MojoFailureException mode = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded(), "dialect", "mariadb", "onlineCopy", "yes")
                        .execute());
        assertEquals("migrate.onlineCopy must be off, copies or rebuilds, not 'yes'", mode.getMessage());
        MojoFailureException chunk = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded(), "dialect", "mariadb", "onlineCopyChunk", 0)
                        .execute());
        assertTrue(
                chunk.getMessage().startsWith("migrate.onlineCopyChunk must be at least 1 (is 0)"), chunk.getMessage());
        MojoFailureException load = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded(), "dialect", "mariadb", "onlineCopyMaxThreadsRunning", -1)
                        .execute());
        assertEquals("migrate.onlineCopy.maxThreadsRunning must not be negative, not -1", load.getMessage());
        MojoFailureException lag = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded(), "dialect", "mariadb", "onlineCopyMaxReplicaLag", -1)
                        .execute());
        assertEquals("migrate.onlineCopy.maxReplicaLag must not be negative, not -1", lag.getMessage());
        MojoFailureException engine = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded(), "dialect", "mariadb", "onlineCopyEngine", "gh-ost")
                        .execute());
        assertEquals(
                "migrate.onlineCopy.engine must be retort or pt-osc (pt-online-schema-change), not 'gh-ost'",
                engine.getMessage());
    }

    @Test
    void checkPassesWhenTheMigrationsCaptureTheModel(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        Recorded log = new Recorded();
        mojo(new CheckMojo(), p, log, "dialect", "mariadb").execute();
        assertEquals(
                List.of(
                        "[INFO] Database: none, offline - dialect mariadb (migrate.dialect)",
                        "[WARNING] Safety 20261121_1000_bbbb (db.migration.V20261121_1000__DropFax) step 1: RT201 drop column: customer.fax. "
                                + "Remove in two releases: ship the entity without the field first and delete this step from the migration; "
                                + "the next mvn migrate:generate proposes the drop again, for the release after.",
                        "[INFO] Check passed: 2 revisions up to 20261121_1000_bbbb build the entity model, every step that destroys data "
                                + "is acknowledged, no safety rule for mariadb refuses a step, and every step has SQL for it."),
                log.lines);
    }

    @Test
    void checkFailsWithEveryFindingAndItsFix(@TempDir Path dir) throws Exception {
        Table withBio = CUSTOMER.withColumns(List.of(
                        CUSTOMER.columns().get(0), new Column("bio", Types.varchar(500), true, false, "Customer.bio")))
                .withIndexes(List.of(new Index("uk_customer_bio", List.of("bio"), true, "Customer.bio")));
        MavenProject p = project(dir, new Schema(List.of(withBio)), CREATE, DROP_FAX.formatted(""));
        Recorded log = new Recorded();
        MojoFailureException e = assertThrows(
                MojoFailureException.class, () -> mojo(new CheckMojo(), p, log).execute());
        assertEquals("""
                migrate:check found 2 problems:
                  1. The model has 2 changes that no migration captures:
                     - addColumn customer.bio VARCHAR(500) NULL   (Customer.bio: new field)
                     - addUnique customer.uk_customer_bio [bio]   (Customer.bio: unique bio)
                     Fix: mvn migrate:generate -Dmigrate.message="<what changed>", review the new migration and commit it
                  2. Revision 20261121_1000_bbbb (db.migration.V20261121_1000__DropFax) step 1 of 1 destroys data and is not \
                acknowledged: dropColumn customer.fax. upgrade refuses the whole plan until it is.
                     Fix: read the step's REVIEW comment, then add .acceptDataLoss() to it in V20261121_1000__DropFax.java (for a \
                local database you can rebuild: -Dmigrate.allowDataLoss=true)""", e.getMessage());
        assertEquals(
                "[INFO] Database: none, offline - dialect h2 (default; choose with -Dmigrate.dialect=mysql|mariadb|postgresql|h2)",
                log.lines.get(0));
    }

    @Test
    void sqlWithThePtOscEngineSaysHowToMakeALargeTablesStepByHand(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        File plainOut = dir.resolve("target/plain.sql").toFile();
        mojo(new SqlMojo(), p, new Recorded(), "dialect", "mariadb", "target", "20261120:head", "output", plainOut)
                .execute();
        File out = dir.resolve("target/upgrade.sql").toFile();
        mojo(
                        new SqlMojo(),
                        p,
                        new Recorded(),
                        "dialect",
                        "mariadb",
                        "target",
                        "20261120:head",
                        "output",
                        out,
                        "onlineCopyEngine",
                        "pt-osc")
                .execute();
        String plain = Files.readString(plainOut.toPath());
        String script = Files.readString(out.toPath());
        // the note closes the header, whatever the header's own lines say; the statements stay as they are
        int note = script.indexOf("-- migrate.onlineCopy.engine=pt-osc: migrate:upgrade hands a change");
        assertEquals(plain.indexOf("\n\n") + 1, note, script);
        int end = script.indexOf("\n\n", note) + 1;
        assertEquals(plain, script.substring(0, note) + script.substring(end), script);
        String text = script.substring(note, end);
        assertTrue(text.lines().allMatch(line -> line.startsWith("-- ")), text);
        assertTrue(text.contains("--   pt-online-schema-change --alter \"<body>\" D=<database>,t=<table>"), text);
        assertTrue(script.contains("\n\n-- Revision 20261121_1000_bbbb"), script);
    }

    @Test
    void sqlWritesTheRangeForTheDialect(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        File out = dir.resolve("target/upgrade.sql").toFile();
        Recorded log = new Recorded();
        mojo(new SqlMojo(), p, log, "dialect", "postgresql", "target", "20261120:head", "output", out)
                .execute();
        assertEquals("""
                -- Retort SQL for postgresql: upgrade 20261120_0930_aaaa -> 20261121_1000_bbbb (1 revision)
                -- Written offline from the migrations. retort_history is not updated by this script: after running it, record where the database is with
                -- mvn migrate:stamp -Dmigrate.target=20261121_1000_bbbb

                -- Revision 20261121_1000_bbbb "drop fax" (db.migration.V20261121_1000__DropFax): upgrade, 1 step
                BEGIN;
                -- step 1 of 1: dropColumn customer.fax
                -- destroys data (acknowledged in the migration source)
                ALTER TABLE customer DROP COLUMN fax;
                COMMIT;
                """, Files.readString(out.toPath()));
        assertEquals(
                List.of(
                        "[INFO] Database: none, offline - dialect postgresql (migrate.dialect)",
                        "[INFO] Wrote the upgrade SQL of 1 revision to " + out),
                log.lines);
        MojoFailureException bad = assertThrows(
                MojoFailureException.class,
                () -> mojo(new SqlMojo(), p, new Recorded(), "dialect", "oracle", "target", "base:head")
                        .execute());
        assertEquals(
                "migrate.dialect: unknown dialect 'oracle'; expected one of [mysql, mariadb, postgresql, h2]",
                bad.getMessage());
    }

    @Test
    void generateRefusesAChangeThatCannotRunAndWritesNothing(@TempDir Path dir) throws Exception {
        Table customer = new Table(
                "customer",
                List.of(new Column("id", Types.integer(), false, false, "Customer.id")),
                List.of("id"),
                List.of(),
                "Customer");
        Table purchase = new Table(
                "purchase",
                List.of(
                        new Column("id", Types.bigint(), false, true, "Purchase.id"),
                        new Column("customer_id", Types.bigint(), true, false, "Purchase.customer")),
                List.of("id"),
                List.of(),
                List.of(new dev.retort.core.model.ForeignKey(
                        "fk_purchase_customer",
                        List.of("customer_id"),
                        "customer",
                        List.of("id"),
                        null,
                        null,
                        "Purchase.customer")),
                List.of(),
                "Purchase");
        MavenProject p = project(dir, new Schema(List.of(customer, purchase)));
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(new GenerateMojo(), p, new Recorded(), "message", "purchases", "timestamp", "20261125_1412")
                        .execute());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Cannot generate a migration that runs safely; nothing was written:\n  1. Foreign key "
                                        + "purchase.fk_purchase_customer: purchase.customer_id is BIGINT but the column it references, customer.id, is INTEGER;"),
                e.getMessage());
        try (var files = Files.list(dir.resolve("src/main/java/db/migration"))) {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
    }

    @Test
    void generatePrintsRenameCandidatesAndWritesTheClass(@TempDir Path dir) throws Exception {
        Table renamed = CUSTOMER.withColumns(List.of(
                CUSTOMER.columns().get(0), new Column("phone", Types.varchar(60), true, false, "Customer.phone")));
        MavenProject p = project(dir, new Schema(List.of(renamed)), CREATE);
        Recorded log = new Recorded();
        mojo(new GenerateMojo(), p, log, "message", "phone", "timestamp", "20261125_1412")
                .execute();
        assertTrue(
                log.lines.contains(
                        "[WARNING] Customer: column fax left the model and column phone of the same type came into it. "
                                + "Retort does not guess renames: they are written as drop + add, marked REVIEW. If one is a rename, annotate the field "
                                + "with @RenamedFrom(\"<old column>\") and generate again."),
                String.join("\n", log.lines));
        assertTrue(
                log.lines.contains(
                        "[WARNING] 1 step destroys data and is marked REVIEW: upgrade and check refuse until the source "
                                + "acknowledges it with .acceptDataLoss()."),
                String.join("\n", log.lines));
        Path written = dir.resolve("src/main/java/db/migration/V20261125_1412__Phone.java");
        assertTrue(
                Files.readString(written).contains("op.dropColumn(\"customer\", \"fax\");"), Files.readString(written));
        assertTrue(log.lines.stream()
                .anyMatch(l -> l.startsWith("[INFO] Generated src/main/java/db/migration/V20261125_1412__Phone.java")));
    }

    /** PetClinic's set-up: Spring Boot with the snake physical strategy, a snapshot built with Hibernate's default names. */
    @Test
    void generateAndCheckRefuseASnapshotWhoseNamingTheApplicationDoesNotUse(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        Path resources = Files.createDirectories(dir.resolve("src/main/resources"));
        Files.writeString(
                resources.resolve("application.properties"),
                "spring.jpa.hibernate.naming.physical-strategy=org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl\n");
        org.apache.maven.model.Resource resource = new org.apache.maven.model.Resource();
        resource.setDirectory("src/main/resources");
        p.getBuild().addResource(resource);
        Path snapshot = dir.resolve("target/classes").resolve(SchemaJson.RESOURCE);
        Files.writeString(snapshot, SchemaJson.write(new Schema(List.of(CUSTOMER)), "jpa"));

        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(new GenerateMojo(), p, new Recorded(), "message", "customer", "timestamp", "20261125_1412")
                        .execute());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "target/classes/META-INF/retort/schema.json was built with -Aretort.naming=jpa, but "
                                        + "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy="
                                        + "org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl, and Spring Boot applies its default implicit strategy "
                                        + "SpringImplicitNamingStrategy: the application's Hibernate uses spring names (first_name, not firstName).\n"
                                        + "Fix: set <arg>-Aretort.naming=spring</arg> in maven-compiler-plugin's <compilerArgs>"),
                e.getMessage());
        try (var files = Files.list(dir.resolve("src/main/java/db/migration"))) {
            assertEquals(2, files.count(), "nothing written beside the two migrations");
        }
        MojoFailureException c = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded()).execute());
        assertEquals(e.getMessage(), c.getMessage());

        // stating the naming the snapshot has overrides the configuration: the user's word
        Recorded stated = new Recorded();
        mojo(new GenerateMojo(), p, stated, "message", "customer", "timestamp", "20261125_1412", "naming", "jpa")
                .execute();
        assertTrue(
                stated.lines.contains("[INFO] Naming: jpa (migrate.naming=jpa), as the snapshot was built"),
                String.join("\n", stated.lines));

        Files.writeString(snapshot, SchemaJson.write(new Schema(List.of(CUSTOMER)), "spring"));
        Recorded log = new Recorded();
        mojo(new CheckMojo(), p, log, "allowDataLoss", true).execute();
        assertTrue(
                log.lines.stream()
                        .anyMatch(l ->
                                l.startsWith("[INFO] Naming: spring (src/main/resources/application.properties sets")),
                String.join("\n", log.lines));
    }

    /**
     * spring-boot-starter-parent's filtered resources: {@code @project.version@} is invalid YAML before
     * filtering; the goals read the file anyway, and warn about a file they cannot parse unless it
     * mentions naming.
     */
    @Test
    void filterTokensInApplicationYamlDoNotFailTheGoals(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        Files.writeString(dir.resolve("pom.xml"), "<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n");
        org.apache.maven.model.Parent boot = new org.apache.maven.model.Parent();
        boot.setGroupId("org.springframework.boot");
        boot.setArtifactId("spring-boot-starter-parent");
        p.getModel().setParent(boot);
        Path resources = Files.createDirectories(dir.resolve("src/main/resources"));
        Path yml = resources.resolve("application.yml");
        Files.writeString(yml, "info:\n  version: @project.version@\n");
        org.apache.maven.model.Resource resource = new org.apache.maven.model.Resource();
        resource.setDirectory("src/main/resources");
        p.getBuild().addResource(resource);
        Files.writeString(
                dir.resolve("target/classes").resolve(SchemaJson.RESOURCE),
                SchemaJson.write(new Schema(List.of(CUSTOMER)), "spring"));

        Recorded check = new Recorded();
        mojo(new CheckMojo(), p, check, "allowDataLoss", true).execute();
        assertTrue(
                check.lines.stream().anyMatch(l -> l.startsWith("[INFO] Naming: spring (Spring Boot")),
                String.join("\n", check.lines));
        mojo(new GenerateMojo(), p, new Recorded(), "message", "customer", "timestamp", "20261125_1412")
                .execute();
        mojo(new InitMojo(), p, new Recorded()).execute();

        Files.writeString(yml, "info:\n  version: [1.0\n");
        Recorded warned = new Recorded();
        mojo(new CheckMojo(), p, warned, "allowDataLoss", true).execute();
        assertTrue(
                warned.lines.stream()
                        .anyMatch(
                                l -> l.startsWith(
                                                "[WARNING] Cannot read src/main/resources/application.yml as YAML at line ")
                                        && l.contains(
                                                "Retort read no naming strategy setting from src/main/resources/application.yml")),
                String.join("\n", warned.lines));

        Files.writeString(yml, "info:\n  version: [1.0\nspring.jpa.hibernate.naming.physical-strategy: x\n");
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded()).execute());
        assertTrue(e.getMessage().contains("src/main/resources/application.yml mentions naming"), e.getMessage());
    }

    /** Profiles that disagree: init warns, naming each file and setting and what it chose, and generate refuses until stated. */
    @Test
    void initWarnsWhenProfilesDisagreeAndGenerateRefusesUntilTheNamingIsStated(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, new Schema(List.of(CUSTOMER)), CREATE, DROP_FAX.formatted(".acceptDataLoss()"));
        Files.writeString(dir.resolve("pom.xml"), "<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n");
        org.apache.maven.model.Parent boot = new org.apache.maven.model.Parent();
        boot.setGroupId("org.springframework.boot");
        boot.setArtifactId("spring-boot-starter-parent");
        p.getModel().setParent(boot);
        Path resources = Files.createDirectories(dir.resolve("src/main/resources"));
        Files.writeString(resources.resolve("application.properties"), "spring.jpa.open-in-view=false\n");
        Files.writeString(
                resources.resolve("application-legacy.properties"),
                "spring.jpa.hibernate.naming.physical-strategy=org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl\n"
                        + "spring.jpa.hibernate.naming.implicit-strategy=org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl\n");
        org.apache.maven.model.Resource resource = new org.apache.maven.model.Resource();
        resource.setDirectory("src/main/resources");
        p.getBuild().addResource(resource);

        Recorded log = new Recorded();
        mojo(new InitMojo(), p, log).execute();
        String text = String.join("\n", log.lines);
        assertTrue(
                text.contains(
                        "[INFO] Naming: spring - Spring Boot (pom.xml: parent org.springframework.boot:spring-boot-starter-parent) "
                                + "applies its default naming strategies"),
                text);
        assertTrue(
                text.contains(
                        "[WARNING] Retort cannot tell which naming strategy the application's Hibernate uses; it chose spring"),
                text);
        assertTrue(
                text.contains(
                        "jpa: profile legacy (src/main/resources/application-legacy.properties sets "
                                + "spring.jpa.hibernate.naming.physical-strategy=org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl"),
                text);
        assertTrue(
                Files.readString(dir.resolve("pom.xml")).contains("<arg>-Aretort.naming=spring</arg>"),
                Files.readString(dir.resolve("pom.xml")));

        Files.writeString(
                dir.resolve("target/classes").resolve(SchemaJson.RESOURCE),
                SchemaJson.write(new Schema(List.of(CUSTOMER)), "spring"));
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, new Recorded()).execute());
        assertTrue(
                e.getMessage().startsWith("Cannot tell which naming strategy the application's Hibernate uses:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("application-legacy.properties"), e.getMessage());
        mojo(new CheckMojo(), p, new Recorded(), "naming", "spring").execute();

        // a naming the user chose stays when init can only guess
        String chosen =
                "<project>\n  <build>\n    <plugins>\n      <plugin>\n        <artifactId>maven-compiler-plugin</artifactId>\n"
                        + "        <configuration>\n          <compilerArgs>\n            <arg>-Aretort.naming=snake</arg>\n"
                        + "          </compilerArgs>\n        </configuration>\n      </plugin>\n    </plugins>\n  </build>\n</project>\n";
        Files.writeString(dir.resolve("pom.xml"), chosen);
        org.apache.maven.model.Plugin compiler = new org.apache.maven.model.Plugin();
        compiler.setArtifactId("maven-compiler-plugin");
        compiler.setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(
                "<configuration><compilerArgs><arg>-Aretort.naming=snake</arg></compilerArgs></configuration>")));
        p.getBuild().addPlugin(compiler);
        mojo(new InitMojo(), p, new Recorded()).execute();
        assertTrue(
                Files.readString(dir.resolve("pom.xml")).contains("<arg>-Aretort.naming=snake</arg>"),
                Files.readString(dir.resolve("pom.xml")));
        assertFalse(Files.readString(dir.resolve("pom.xml")).contains("-Aretort.naming=spring"));
    }
}
