package dev.retort.core.dialect;

import dev.retort.core.errors.Text;
import dev.retort.core.errors.Worded;
import dev.retort.core.model.Column;

/**
 * A column of the model has a type this database cannot have, one Hibernate ORM refuses on it too
 * (an embeddable stored as XML or as a struct on MySQL, MariaDB or H2): raised when a migration is rendered for the
 * database, before anything runs, naming the column and the way forward.
 */
public final class UnsupportedColumnTypeException extends IllegalArgumentException implements Worded {

    private final Text text;

    private UnsupportedColumnTypeException(Text text) {
        super(text.toString());
        this.text = text;
    }

    /** An XML aggregate on a database other than PostgreSQL. */
    public static UnsupportedColumnTypeException xmlAggregate(String database) {
        return new UnsupportedColumnTypeException(Text.of(xmlAggregateText("an embeddable stored as XML", database)));
    }

    /** A user-defined type (an embeddable stored as a struct), or a column of one, on a database other than PostgreSQL. */
    public static UnsupportedColumnTypeException struct(String type, String database) {
        return new UnsupportedColumnTypeException(Text.of("an embeddable stored as a struct (type " + type
                + ", from @Struct) cannot be created on " + database + ": Hibernate ORM refuses it there too"
                + " (\"Database does not support user-defined types\"; it creates such types on PostgreSQL only)."
                + " Store the embeddable as JSON with @JdbcTypeCode(SqlTypes.JSON), or map it with plain @Embedded"
                + " columns"));
    }

    private static String xmlAggregateText(String what, String database) {
        return what + " (@JdbcTypeCode(SqlTypes.SQLXML) on an embedded attribute) cannot be created on " + database
                + ": Hibernate ORM refuses it there too (\"Unsupported aggregate SQL type: 2009\"; it stores such an"
                + " embeddable on PostgreSQL only). Store the embeddable as JSON with"
                + " @JdbcTypeCode(SqlTypes.JSON), or map it with plain @Embedded columns";
    }

    /** The same refusal naming the column ({@code Person.home}) that has the type. */
    UnsupportedColumnTypeException forColumn(Column c) {
        String message = getMessage();
        String named = "column " + c.name() + (c.source() == null ? "" : " (" + c.source() + ")") + ", "
                + message.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + message.substring(1);
        return new UnsupportedColumnTypeException(Text.of(named));
    }

    @Override
    public Text text() {
        return text;
    }
}
