package dev.retort.core.mysql;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An initial migration on a real MariaDB, statement by statement as {@code migrate:upgrade} and the
 * offline script plan it (the plain forms on tables the same revision creates), for two shapes of a
 * public application's model (Dataverse): a unique key over a {@code TEXT} column, which MariaDB
 * enforces with a hidden hash column and so cannot take a foreign key in place; and an ordinal
 * enum's check on a column named with a reserved word.
 */
class NewTablesOnMariaDbTest {

    @Test
    void aRevisionCreatingTheTablesRunsAsPlanned() throws SQLException {
        Table format = new Table(
                "FormatMapping",
                List.of(new Column("id", bigint(), false, false, null)),
                List.of("id"),
                List.of(),
                null);
        Table field = new Table(
                "FieldMapping",
                List.of(
                        new Column("id", bigint(), false, false, null),
                        new Column("format_id", bigint(), true, false, null),
                        new Column("xpath", clob(), true, false, null),
                        new Column("interval", integer(), true, false, null)),
                List.of("id"),
                List.of(
                        new Index("ix_fieldmapping_format", List.of("format_id"), false, null),
                        new Index("uk_fieldmapping_format_xpath", List.of("format_id", "xpath"), true, null)),
                List.of(new ForeignKey(
                        "fk_fieldmapping_format",
                        List.of("format_id"),
                        "FormatMapping",
                        List.of("id"),
                        null,
                        null,
                        null)),
                List.of(new Check("fieldmapping_interval_check", "interval between 0 and 3", null)),
                null);
        List<Operation> ops =
                SchemaDiffer.compare(Schema.EMPTY, new Schema(List.of(format, field), List.of())).changes().stream()
                        .map(Change::operation)
                        .toList();
        Dialect dialect = new MariaDbDialect();
        String url = MariaDbServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement()) {
            for (int i = 0; i < ops.size(); i++) {
                for (var ddl : dialect.statements(ops, i)) {
                    String sql = ddl.render();
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e);
                    }
                }
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE "
                    + "TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK', 'UNIQUE')")) {
                r.next();
                assertEquals(3, r.getInt(1), "the key, the check and the unique constraint");
            }
        }
    }
}
