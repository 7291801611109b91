package dev.retort.maven;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.retort.core.diff.Change;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.SetTableComment;
import dev.retort.migration.Baseline;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Revision;
import dev.retort.migration.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Writes a migration class with JavaPoet: one statement per change, each under a comment naming
 * the entity member it came from, {@code REVIEW} notes on risky steps, and a downgrade that is the
 * exact inverse. Same input, same bytes.
 */
final class MigrationSourceWriter {

    private static final ClassName COLUMN = ClassName.get(dev.retort.migration.Column.class);
    private static final ClassName TYPES = ClassName.get(Types.class);
    private static final ClassName DATABASE = ClassName.get(dev.retort.migration.Database.class);
    private static final ClassName FOREIGN_KEY = ClassName.get(dev.retort.migration.ForeignKey.class);
    /** Comment text per line, so a comment fits a 120-column editor inside the method body. */
    private static final int COMMENT_WIDTH = 100;
    /** Column definitions per method: about 40 bytes of bytecode each, so a part stays far below 64 KB. */
    private static final int PART_WEIGHT = 800;

    /** The first line of a safety finding's note, as {@code SafeRewrites} writes it: {@code RT204 type change ...}. */
    private static final Pattern SAFETY_FINDING = Pattern.compile("RT\\d{3} ");

    /** A step of the downgrade with the REVIEW note it carries, if any. */
    record DowngradeStep(Operation operation, String review) {}

    /** What to write; {@code goal} is the {@code migrate:} goal named in the Javadoc as the writer. */
    record Request(
            String goal,
            String packageName,
            String className,
            String revisionId,
            List<String> parents,
            String message,
            List<Change> upgrade,
            List<DowngradeStep> downgrade) {}

    private MigrationSourceWriter() {}

    static String write(Request r) {
        return write(r, null, null);
    }

    /**
     * A squash baseline: the class also carries {@link Baseline} (what it replaces and the schema
     * fingerprint {@code migrate:check} verifies), and its Javadoc says what was folded.
     */
    static String writeBaseline(Request r, RevisionInfo.Squashed squashed, String about) {
        return write(r, squashed, about);
    }

    private static String write(Request r, RevisionInfo.Squashed squashed, String about) {
        List<CodeBlock> upgradeSteps = new ArrayList<>();
        List<Integer> upgradeWeights = new ArrayList<>();
        for (Change c : r.upgrade()) {
            CodeBlock.Builder step = CodeBlock.builder();
            comment(step, c.comment());
            if (c.review() != null) {
                // the differ's notes (the data-loss one among them) come before the safety findings; the data-loss
                // acknowledgement goes right under them
                List<String> lines = c.review().lines().toList();
                int findings = 0;
                while (findings < lines.size()
                        && !SAFETY_FINDING.matcher(lines.get(findings)).lookingAt()) {
                    findings++;
                }
                lines.subList(0, findings).forEach(line -> comment(step, "REVIEW " + line));
                if (c.operation().destroysData()) {
                    comment(
                            step,
                            "REVIEW once reviewed, acknowledge with .acceptDataLoss(); upgrade refuses until then");
                }
                lines.subList(findings, lines.size()).forEach(line -> comment(step, "REVIEW " + line));
            }
            statements(c.operation()).forEach(step::addStatement);
            upgradeSteps.add(step.build());
            upgradeWeights.add(weight(c.operation()));
        }
        boolean merge = r.parents().size() > 1 && r.upgrade().isEmpty();
        if (merge) {
            CodeBlock.Builder note = CodeBlock.builder();
            comment(note, "no schema change: this revision joins the branches of its parents");
            upgradeSteps.add(note.build());
            upgradeWeights.add(0);
        }
        List<CodeBlock> downgradeSteps = new ArrayList<>();
        List<Integer> downgradeWeights = new ArrayList<>();
        if (merge) {
            CodeBlock.Builder note = CodeBlock.builder();
            comment(note, "no schema change: downgrading below it returns to separate branches");
            downgradeSteps.add(note.build());
            downgradeWeights.add(0);
        }
        for (DowngradeStep d : r.downgrade()) {
            CodeBlock.Builder step = CodeBlock.builder();
            if (d.review() != null) {
                d.review().lines().forEach(line -> comment(step, "REVIEW " + line));
            }
            statements(d.operation()).forEach(step::addStatement);
            downgradeSteps.add(step.build());
            downgradeWeights.add(weight(d.operation()));
        }
        List<MethodSpec> methods = new ArrayList<>();
        methods.addAll(method("upgrade", upgradeSteps, upgradeWeights));
        methods.addAll(method("downgrade", downgradeSteps, downgradeWeights));
        AnnotationSpec.Builder revision = AnnotationSpec.builder(Revision.class).addMember("id", "$S", r.revisionId());
        if (r.parents().size() == 1) {
            revision.addMember("parents", "$S", r.parents().get(0));
        } else if (r.parents().size() > 1) {
            revision.addMember(
                    "parents",
                    "{$L}",
                    CodeBlock.join(
                            r.parents().stream().map(p -> CodeBlock.of("$S", p)).toList(), ", "));
        }
        revision.addMember("message", "$S", r.message());
        CodeBlock.Builder javadoc = CodeBlock.builder().add("$L.\n", javadocText(capitalize(r.message())));
        if (merge) {
            javadoc.add("Joins the branches that end in $L.\n", javadocText(String.join(" and ", r.parents())));
        }
        if (about != null) {
            javadoc.add("\n$L\n\n", javadocText(about));
        }
        javadoc.add("Generated by mvn migrate:$L \u2014 review it like hand-written code.\n", r.goal());
        TypeSpec.Builder builder =
                TypeSpec.classBuilder(r.className()).addJavadoc(javadoc.build()).addAnnotation(revision.build());
        if (squashed != null) {
            builder.addAnnotation(AnnotationSpec.builder(Baseline.class)
                    .addMember("through", "$S", squashed.through())
                    .addMember("schema", "$S", squashed.schema())
                    .addMember(
                            "replaces",
                            "{\n$L}",
                            CodeBlock.join(
                                    squashed.replaces().stream()
                                            .map(id -> CodeBlock.of("$S", id))
                                            .toList(),
                                    ",\n"))
                    .build());
        }
        TypeSpec type = builder.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Migration.class)
                .addMethods(methods)
                .build();
        JavaFile.Builder file = JavaFile.builder(r.packageName(), type)
                .skipJavaLangImports(true)
                .indent("    ");
        if (!r.upgrade().isEmpty() || !r.downgrade().isEmpty()) {
            file.addStaticImport(COLUMN, "column").addStaticImport(TYPES, "*");
        }
        boolean foreignKeys = r.upgrade().stream().anyMatch(c -> c.operation() instanceof AddForeignKey)
                || r.downgrade().stream().anyMatch(d -> d.operation() instanceof AddForeignKey);
        if (foreignKeys) {
            file.addStaticImport(FOREIGN_KEY, "foreignKey");
        }
        return file.build().toString();
    }

    /** The statements that record {@code op}: a new table's comment is a step of its own after the table. */
    static List<CodeBlock> statements(Operation op) {
        if (op instanceof CreateTable c && c.definition().comment() != null) {
            return List.of(
                    statement(op),
                    statement(new SetTableComment(c.table(), c.definition().comment())));
        }
        return List.of(statement(op));
    }

    static CodeBlock statement(Operation op) {
        CodeBlock body = op.accept(STATEMENTS);
        // an acknowledgement on a step that loses nothing would only teach reviewers to skim past it
        return op.dataLossAccepted() && op.destroysData() ? CodeBlock.of("$L.acceptDataLoss()", body) : body;
    }

    /** Each operation as the {@code op.…} call that records it again. */
    private static final Operation.Visitor<CodeBlock> STATEMENTS = new Operation.Visitor<>() {
        @Override
        public CodeBlock createTable(CreateTable c) {
            List<CodeBlock> columns = new ArrayList<>();
            for (Column col : c.definition().columns()) {
                boolean pk = c.definition().primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(col.name()));
                columns.add(column(col, pk));
            }
            return CodeBlock.of("op.createTable($S,\n$L)", c.table(), CodeBlock.join(columns, ",\n"));
        }

        @Override
        public CodeBlock dropTable(DropTable d) {
            return CodeBlock.of("op.dropTable($S)", d.table());
        }

        @Override
        public CodeBlock addColumn(AddColumn a) {
            return CodeBlock.of("op.addColumn($S, $L)", a.table(), column(a.column(), false));
        }

        @Override
        public CodeBlock dropColumn(DropColumn d) {
            return CodeBlock.of("op.dropColumn($S, $S)$L", d.table(), d.column(), absentOn(d.absentOn()));
        }

        @Override
        public CodeBlock alterColumn(AlterColumn a) {
            return CodeBlock.of(
                    "op.alterColumn($S,\n$L,\n$L)", a.table(), column(a.from(), false), column(a.to(), false));
        }

        @Override
        public CodeBlock createIndex(CreateIndex c) {
            Index i = c.index();
            return CodeBlock.of(
                    "op.$L($S, $S, $L)",
                    i.unique() ? "addUnique" : "createIndex",
                    c.table(),
                    i.name(),
                    strings(i.columnsWithOrder()));
        }

        @Override
        public CodeBlock dropIndex(DropIndex d) {
            return CodeBlock.of("op.$L($S, $S)", d.unique() ? "dropUnique" : "dropIndex", d.table(), d.name());
        }

        @Override
        public CodeBlock addForeignKey(AddForeignKey a) {
            ForeignKey fk = a.foreignKey();
            CodeBlock.Builder spec = CodeBlock.builder()
                    .add(
                            "$T.foreignKey($S, $L).references($S, $L)",
                            FOREIGN_KEY,
                            fk.name(),
                            strings(fk.columns()),
                            fk.referencedTable(),
                            strings(fk.referencedColumns()));
            if (fk.onDelete() != null) {
                spec.add(
                        ".onDelete($T.$L)",
                        ReferentialAction.class,
                        fk.onDelete().name());
            }
            if (fk.onUpdate() != null) {
                spec.add(
                        ".onUpdate($T.$L)",
                        ReferentialAction.class,
                        fk.onUpdate().name());
            }
            return CodeBlock.of("op.addForeignKey($S, $L)", a.table(), spec.build());
        }

        @Override
        public CodeBlock dropForeignKey(DropForeignKey d) {
            return CodeBlock.of("op.dropForeignKey($S, $S)", d.table(), d.name());
        }

        @Override
        public CodeBlock addCheck(AddCheck a) {
            return CodeBlock.of(
                    "op.addCheck($S, $S, $S)",
                    a.table(),
                    a.check().name(),
                    a.check().expression());
        }

        @Override
        public CodeBlock dropCheck(DropCheck d) {
            return CodeBlock.of("op.dropCheck($S, $S)", d.table(), d.name());
        }

        @Override
        public CodeBlock createSequence(CreateSequence c) {
            return CodeBlock.of(
                    "op.createSequence($S, $L, $L)",
                    c.sequence().name(),
                    c.sequence().start(),
                    c.sequence().increment());
        }

        @Override
        public CodeBlock dropSequence(DropSequence d) {
            return CodeBlock.of("op.dropSequence($S)", d.name());
        }

        @Override
        public CodeBlock renameTable(RenameTable r) {
            return CodeBlock.of("op.renameTable($S, $S)", r.table(), r.to());
        }

        @Override
        public CodeBlock renameColumn(RenameColumn r) {
            return CodeBlock.of("op.renameColumn($S, $S, $S)$L", r.table(), r.from(), r.to(), absentOn(r.absentOn()));
        }

        @Override
        public CodeBlock renameIndex(RenameIndex r) {
            return CodeBlock.of(
                    "op.$L($S, $S, $S)", r.unique() ? "renameUnique" : "renameIndex", r.table(), r.from(), r.to());
        }

        @Override
        public CodeBlock alterPrimaryKey(AlterPrimaryKey a) {
            return CodeBlock.of(
                    "op.alterPrimaryKey($S, $T.of($L), $T.of($L))",
                    a.table(),
                    List.class,
                    strings(a.from()),
                    List.class,
                    strings(a.to()));
        }

        @Override
        public CodeBlock alterSequence(AlterSequence a) {
            return CodeBlock.of(
                    "op.alterSequence($S, $L, $L, $L, $L)",
                    a.to().name(),
                    a.from().start(),
                    a.from().increment(),
                    a.to().start(),
                    a.to().increment());
        }

        @Override
        public CodeBlock setTableComment(SetTableComment c) {
            return CodeBlock.of("op.setTableComment($S, $S)", c.table(), c.comment());
        }

        @Override
        public CodeBlock createType(dev.retort.core.ops.CreateType c) {
            List<CodeBlock> attributes = new ArrayList<>();
            for (Column a : c.type().attributes()) {
                attributes.add(CodeBlock.of("$T.column($S, $L)", COLUMN, a.name(), type(a.type())));
            }
            return CodeBlock.of("op.createType($S,\n$L)", c.type().name(), CodeBlock.join(attributes, ",\n"));
        }

        @Override
        public CodeBlock dropType(dev.retort.core.ops.DropType d) {
            return CodeBlock.of("op.dropType($S)", d.name());
        }

        @Override
        public CodeBlock irreversible(Irreversible i) {
            return CodeBlock.of("op.irreversible($S)", i.reason());
        }

        @Override
        public CodeBlock backfillColumn(BackfillColumn b) {
            if (b.function() != null) {
                throw new IllegalArgumentException("no source form for " + b.describe());
            }
            // a null value is the placeholder the reviewer replaces; upgrade refuses the step until then
            CodeBlock body = b.missingValue()
                    ? CodeBlock.of("op.backfill($S, $S, null)", b.table(), b.column())
                    : CodeBlock.of("op.backfill($S, $S, $S)", b.table(), b.column(), b.expression());
            if (b.batchSize() != BackfillColumn.DEFAULT_BATCH_SIZE) {
                body = CodeBlock.of("$L.batchSize($L)", body, b.batchSize());
            }
            if (b.throttle() != BackfillColumn.DEFAULT_THROTTLE) {
                body = CodeBlock.of("$L.throttle($L)", body, b.throttle());
            }
            return body;
        }
    };

    /**
     * The public method with the steps; when they would come near the JVM's 64 KB limit on a
     * method's bytecode (a first migration of hundreds of entities), the steps go into private
     * parts the method calls in order, {@code upgradePart1(op)}, {@code upgradePart2(op)}, ...
     */
    private static List<MethodSpec> method(String name, List<CodeBlock> steps, List<Integer> weights) {
        MethodSpec.Builder main = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(Operations.class, "op");
        if (weights.stream().mapToInt(Integer::intValue).sum() <= PART_WEIGHT) {
            steps.forEach(main::addCode);
            return List.of(main.build());
        }
        List<MethodSpec> parts = new ArrayList<>();
        MethodSpec.Builder part = null;
        int weight = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (part == null || weight + weights.get(i) > PART_WEIGHT) {
                if (part != null) {
                    parts.add(part.build());
                }
                String partName = name + "Part" + (parts.size() + 1);
                main.addStatement("$N(op)", partName);
                part = MethodSpec.methodBuilder(partName)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(Operations.class, "op");
                weight = 0;
            }
            part.addCode(steps.get(i));
            weight += weights.get(i);
        }
        parts.add(part.build());
        List<MethodSpec> out = new ArrayList<>(List.of(main.build()));
        out.addAll(parts);
        return out;
    }

    /** Roughly the bytecode a step's statement compiles to, in units of one column definition. */
    private static int weight(Operation op) {
        if (op instanceof CreateTable c) {
            return 1 + c.definition().columns().size();
        }
        return op instanceof AlterColumn ? 3 : 1;
    }

    /**
     * A comment wrapped at {@link #COMMENT_WIDTH} characters; continuation lines are indented. Text may come from the
     * model ({@code @Check}, defaults, names), so every line of it gets its own {@code //}, and backslashes are doubled:
     * javac reads a unicode escape such as a backslash-u000a as a line break even inside a comment.
     */
    private static void comment(CodeBlock.Builder code, String text) {
        String[] lines = text.replace("\\", "\\\\").split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            commentLine(code, lines[i], i > 0);
        }
    }

    private static void commentLine(CodeBlock.Builder code, String text, boolean continuation) {
        StringBuilder line = new StringBuilder(continuation ? "  " : "");
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > COMMENT_WIDTH) {
                code.add("// $L\n", line);
                line = new StringBuilder("  ");
            }
            line.append(line.length() == 0 || line.toString().equals("  ") ? "" : " ")
                    .append(word);
        }
        code.add("// $L\n", line);
    }

    /**
     * Text for the class Javadoc: a {@code *}{@code /} would end the comment and a backslash could start a unicode
     * escape that javac translates before it parses, so both are written as HTML character references.
     */
    static String javadocText(String text) {
        return text.replace("\\", "&#92;")
                .replace("*/", "*&#47;")
                .replace("\r\n", "\n")
                .replace('\r', '\n');
    }

    private static CodeBlock strings(List<String> values) {
        return CodeBlock.join(values.stream().map(n -> CodeBlock.of("$S", n)).toList(), ", ");
    }

    private static CodeBlock column(Column c, boolean primaryKey) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.column($S, $L)", COLUMN, c.name(), type(c.type()));
        if (primaryKey) {
            b.add(".primaryKey()");
        } else {
            b.add(c.nullable() ? ".nullable()" : ".notNull()");
        }
        if (c.autoIncrement()) {
            b.add(".autoIncrement()");
        }
        if (c.defaultValue() != null) {
            b.add(".defaultValue($S)", c.defaultValue());
        }
        if (c.comment() != null) {
            b.add(".comment($S)", c.comment());
        }
        return b.add(absentOn(c.absentOn())).build();
    }

    /** {@code .absentOn(Database.H2)} for a column that does not exist on some databases; else nothing. */
    private static CodeBlock absentOn(java.util.Set<String> databases) {
        if (databases.isEmpty()) {
            return CodeBlock.of("");
        }
        return CodeBlock.of(
                ".absentOn($L)",
                databases.stream()
                        .map(d -> CodeBlock.of("$T.$L", DATABASE, dev.retort.migration.Database.ofDialect(d)))
                        .collect(CodeBlock.joining(", ")));
    }

    static CodeBlock type(ColumnType t) {
        return t.national() ? CodeBlock.of("$L.asNational()", plainType(t)) : plainType(t);
    }

    private static CodeBlock plainType(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR -> CodeBlock.of("$T.varchar($L)", TYPES, t.length());
            case CHAR -> CodeBlock.of("$T.fixedChar($L)", TYPES, t.length());
            case TINYINT -> CodeBlock.of("$T.tinyint()", TYPES);
            case SMALLINT -> CodeBlock.of("$T.smallint()", TYPES);
            case INTEGER -> CodeBlock.of("$T.integer()", TYPES);
            case BIGINT -> CodeBlock.of("$T.bigint()", TYPES);
            case BOOLEAN -> CodeBlock.of("$T.bool()", TYPES);
            case DECIMAL -> CodeBlock.of("$T.decimal($L, $L)", TYPES, t.precision(), t.scale());
            case REAL -> CodeBlock.of("$T.real()", TYPES);
            case DOUBLE -> CodeBlock.of("$T.doublePrecision()", TYPES);
            case DATE -> CodeBlock.of("$T.date()", TYPES);
            case TIME ->
                t.precision() == 0
                        ? CodeBlock.of("$T.time()", TYPES)
                        : CodeBlock.of("$T.time($L)", TYPES, t.precision());
            case TIME_TZ -> CodeBlock.of("$T.timeTz($L)", TYPES, t.precision());
            case TIMESTAMP -> CodeBlock.of("$T.timestamp($L)", TYPES, t.precision());
            case TIMESTAMP_TZ -> CodeBlock.of("$T.timestampTz($L)", TYPES, t.precision());
            case UUID -> CodeBlock.of("$T.uuid()", TYPES);
            case ENUM ->
                CodeBlock.of(
                        t.length() == 0 ? "$T.enumOf($L$L)" : "$T.enumOf($L, $L)",
                        TYPES,
                        t.length() == 0 ? "" : t.length(),
                        CodeBlock.join(
                                t.values().stream()
                                        .map(v -> CodeBlock.of("$S", v))
                                        .toList(),
                                ", "));
            case VARBINARY -> CodeBlock.of("$T.varbinary($L)", TYPES, t.length());
            case CLOB ->
                t.length() == 0 ? CodeBlock.of("$T.clob()", TYPES) : CodeBlock.of("$T.clob($L)", TYPES, t.length());
            case BLOB ->
                t.length() == 0 ? CodeBlock.of("$T.blob()", TYPES) : CodeBlock.of("$T.blob($L)", TYPES, t.length());
            case JSON -> CodeBlock.of("$T.json()", TYPES);
            case CUSTOM -> CodeBlock.of("$T.custom($S)", TYPES, t.definition());
            case ARRAY -> CodeBlock.of("$T.array($L)", TYPES, type(t.element()));
            case BINARY -> CodeBlock.of("$T.binary($L)", TYPES, t.length());
            case XML -> CodeBlock.of("$T.xml()", TYPES);
            case XML_AGGREGATE -> CodeBlock.of("$T.xmlAggregate()", TYPES);
            case STRUCT -> CodeBlock.of("$T.struct($S)", TYPES, t.definition());
            case SQL_REAL -> CodeBlock.of("$T.sqlReal()", TYPES);
            case TIMESTAMP_TZ_NATIVE -> CodeBlock.of("$T.timestampTzNative($L)", TYPES, t.precision());
            case INTERVAL_SECOND ->
                t.precision() == 0
                        ? CodeBlock.of("$T.intervalSecond()", TYPES)
                        : CodeBlock.of("$T.intervalSecond($L, $L)", TYPES, t.precision(), t.scale());
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
