package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Types;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Hibernate's {@code @SoftDelete} indicator column, as {@code SoftDeleteHelper} builds it for an
 * entity's table or a collection's table: {@code deleted} (or {@code active}) NOT NULL, commented
 * {@code Soft-delete indicator}; a boolean, or the column of its converter with the check listing
 * the converter's values; for {@code TIMESTAMP} a nullable timestamp with time zone.
 */
final class SoftDeletes {

    /** The column, and the check Hibernate adds on it (null when none). */
    record Indicator(Column column, String check) {}

    private static final String UNSPECIFIED = "SoftDelete.UnspecifiedConversion";

    private final BindContext bind;

    SoftDeletes(BindContext bind) {
        this.bind = bind;
    }

    /** The indicator of {@code sd}, or null after reporting why Retort cannot tell it. */
    Indicator indicator(AnnotationMirror sd, Element element, String source) {
        String strategy = Jpa.constant(sd, "strategy", "DELETED");
        TypeElement converter = Jpa.typeElement(sd, "converter");
        if (converter != null && converter.getQualifiedName().toString().endsWith(UNSPECIFIED)) {
            converter = null;
        }
        String name = bind.physical(
                BindContext.orDefault(Jpa.string(sd, "columnName"), strategy.equals("ACTIVE") ? "active" : "deleted"));
        String comment = Jpa.string(sd, "comment");
        if (comment.isBlank()) {
            comment = "Soft-delete indicator";
        }
        ColumnType type;
        String check = null;
        if (strategy.equals("TIMESTAMP")) {
            if (converter != null) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        element,
                        sd,
                        source,
                        "@SoftDelete(strategy = TIMESTAMP) with a converter",
                        "Hibernate refuses a converter on a TIMESTAMP indicator: drop the converter");
                return null;
            }
            return new Indicator(
                    new Column(name, Types.timestampTz(6), true, false, null, comment, source, null), null);
        }
        if (converter == null) {
            type = Types.bool();
        } else {
            String qualified = converter.getQualifiedName().toString();
            String values = Columns.BOOLEAN_CONVERTER_VALUES.get(qualified);
            if (values != null) {
                // YesNoConverter and TrueFalseConverter store a Character, NumericBooleanConverter an Integer
                type = qualified.endsWith("NumericBooleanConverter") ? Types.integer() : Types.fixedChar(1);
                check = name + " in (" + values + ")";
            } else if (isBoolean(bind.converters.converterType(converter, 1))) {
                // a converter to Boolean: a boolean column, and no check
                type = Types.bool();
            } else {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        element,
                        sd,
                        source,
                        "@SoftDelete(converter = " + converter.getSimpleName() + ".class)",
                        "Hibernate lists the values it stores in a check, found by running the converter, which"
                                + " a compiler cannot: use YesNoConverter, TrueFalseConverter or"
                                + " NumericBooleanConverter, or map the flag as an attribute of its own and filter"
                                + " with @SQLRestriction");
                return null;
            }
        }
        return new Indicator(new Column(name, type, false, false, null, comment, source, null), check);
    }

    private static boolean isBoolean(TypeMirror type) {
        return type instanceof DeclaredType d
                && ((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.lang.Boolean");
    }
}
