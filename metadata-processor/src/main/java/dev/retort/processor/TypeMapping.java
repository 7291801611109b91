package dev.retort.processor;

import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.bool;
import static dev.retort.migration.Types.date;
import static dev.retort.migration.Types.decimal;
import static dev.retort.migration.Types.doublePrecision;
import static dev.retort.migration.Types.enumOf;
import static dev.retort.migration.Types.fixedChar;
import static dev.retort.migration.Types.integer;
import static dev.retort.migration.Types.real;
import static dev.retort.migration.Types.smallint;
import static dev.retort.migration.Types.time;
import static dev.retort.migration.Types.timestamp;
import static dev.retort.migration.Types.timestampTz;
import static dev.retort.migration.Types.tinyint;
import static dev.retort.migration.Types.uuid;
import static dev.retort.migration.Types.varbinary;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.ColumnType;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The one place that decides which column type a Java type gets, following Hibernate ORM's
 * defaults. Kept apart so the exact Hibernate types can be adjusted without touching the scanner.
 */
final class TypeMapping {

    static final int DEFAULT_LENGTH = 255;
    static final int DEFAULT_DECIMAL_PRECISION = 38;
    static final int DEFAULT_DECIMAL_SCALE = 2;
    private static final int TINYINT_MAX = 127;
    private static final int FRACTIONAL_SECONDS = 6;

    /**
     * What the mapping annotations say about a column's type.
     *
     * @param length       {@code @Column(length)}, {@link #DEFAULT_LENGTH} when not given
     * @param precision    {@code @Column(precision)}, 0 when not given
     * @param scale        {@code @Column(scale)}, 0 when not given
     * @param enumByName   {@code @Enumerated(EnumType.STRING)}
     */
    record Settings(int length, int precision, int scale, boolean enumByName) {
    }

    private TypeMapping() {
    }

    /** The column type, or empty when the Java type is not supported (yet). */
    static Optional<ColumnType> columnType(TypeMirror type, Settings settings) {
        return Optional.ofNullable(switch (type.getKind()) {
            case BOOLEAN -> bool();
            case BYTE -> tinyint();
            case SHORT -> smallint();
            case INT -> integer();
            case LONG -> bigint();
            case CHAR -> fixedChar(1);
            case FLOAT -> real();
            case DOUBLE -> doublePrecision();
            case ARRAY -> ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE
                    ? varbinary(settings.length()) : null;
            case DECLARED -> declared((DeclaredType) type, settings);
            default -> null;
        });
    }

    private static ColumnType declared(DeclaredType type, Settings settings) {
        TypeElement element = (TypeElement) type.asElement();
        if (element.getKind() == ElementKind.ENUM) {
            return enumType(element, settings.enumByName());
        }
        return switch (element.getQualifiedName().toString()) {
            case "java.lang.String" -> varchar(settings.length());
            case "java.lang.Boolean" -> bool();
            case "java.lang.Byte" -> tinyint();
            case "java.lang.Short" -> smallint();
            case "java.lang.Integer" -> integer();
            case "java.lang.Long" -> bigint();
            case "java.lang.Character" -> fixedChar(1);
            case "java.lang.Float" -> real();
            case "java.lang.Double" -> doublePrecision();
            // the scale is only taken from @Column when the precision is given too, as Hibernate does
            case "java.math.BigDecimal" -> settings.precision() > 0
                    ? decimal(settings.precision(), settings.scale())
                    : decimal(DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE);
            case "java.math.BigInteger" -> settings.precision() > 0
                    ? decimal(settings.precision(), settings.scale())
                    : decimal(DEFAULT_DECIMAL_PRECISION, 0);
            case "java.time.LocalDate" -> date();
            case "java.time.LocalTime" -> time();
            case "java.time.LocalDateTime" -> timestamp(FRACTIONAL_SECONDS);
            case "java.time.Instant", "java.time.OffsetDateTime", "java.time.ZonedDateTime" ->
                    timestampTz(FRACTIONAL_SECONDS);
            case "java.util.UUID" -> uuid();
            default -> null;
        };
    }

    /** By name: the constants in declaration order; by ordinal: the smallest integer that holds them. */
    private static ColumnType enumType(TypeElement enumType, boolean byName) {
        List<String> constants = enumType.getEnclosedElements().stream()
                .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                .map(e -> e.getSimpleName().toString())
                .toList();
        if (byName) {
            return enumOf(constants.toArray(String[]::new));
        }
        return constants.size() > TINYINT_MAX ? smallint() : tinyint();
    }
}
