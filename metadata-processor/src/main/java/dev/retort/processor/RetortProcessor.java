package dev.retort.processor;

import dev.retort.core.model.SchemaJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Captures the tables of the {@code @Entity} classes being compiled into the schema snapshot
 * {@code META-INF/retort/schema.json}, which {@code migrate:generate} diffs against the schema the
 * existing migrations build. Capturing at compile time means no database and no running
 * application are needed to generate a migration.
 *
 * <p>Runs on {@code jakarta.persistence} and {@code javax.persistence} entities alike. Mappings it
 * cannot translate exactly yet are compile errors with a stable id ({@code [RT111] ...}) rather
 * than a snapshot that silently differs from what Hibernate ORM would create. The option
 * {@code -Aretort.naming=jpa|spring|snake} chooses the naming strategy the application uses.
 *
 * <p>Mapped superclasses are not registered for: they are read from each entity's superclasses.
 */
public final class RetortProcessor extends AbstractProcessor {

    private EntityScanner scanner;
    private final SchemaAssembler assembler = new SchemaAssembler();
    /** Entities whose member types did not resolve yet, retried in the next round. */
    private final Set<String> deferred = new LinkedHashSet<>();
    private boolean started;
    private boolean failed;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Jpa.ENTITY_TYPES;
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(Naming.OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        String current = "round";
        try {
            if (!started) {
                started = true;
                start();
            }
            if (scanner == null) {
                return false;
            }
            for (TypeElement entity : entities(annotations, round)) {
                current = entity.getQualifiedName().toString();
                scan(entity);
            }
            current = "the snapshot";
            if (round.processingOver()) {
                finish();
            }
        } catch (Throwable t) {
            failed = true;
            error(Message.INTERNAL_ERROR.format(current, summary(t)), null);
        }
        return false;
    }

    private void start() {
        String option = processingEnv.getOptions().get(Naming.OPTION);
        Optional<Naming> chosen = Naming.fromOption(option);
        if (chosen.isEmpty()) {
            failed = true;
            error(Message.UNKNOWN_NAMING.format(option), null);
            return;
        }
        scanner = new EntityScanner(processingEnv.getTypeUtils(), chosen.get());
    }

    /** This round's entities and the deferred ones, sorted by name so diagnostics do not depend on source order. */
    private List<TypeElement> entities(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Map<String, TypeElement> entities = new TreeMap<>();
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                entities.put(name, type);
            }
        }
        deferred.clear();
        for (TypeElement annotation : annotations) {
            if (Jpa.ENTITY_TYPES.contains(annotation.getQualifiedName().toString())) {
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    if (element instanceof TypeElement type) {
                        entities.put(type.getQualifiedName().toString(), type);
                    }
                }
            }
        }
        return new ArrayList<>(entities.values());
    }

    private void scan(TypeElement entity) {
        String name = entity.getQualifiedName().toString();
        EntityScanner.Result result = scanner.scan(entity);
        if (result instanceof EntityScanner.Mapped mapped) {
            Optional<String> other = assembler.add(name, mapped.table());
            if (other.isPresent()) {
                failed = true;
                Map<String, AnnotationMirror> jpa = Jpa.annotations(entity);
                error(Message.DUPLICATE_TABLE.format(entity.getSimpleName(), mapped.table().name(), other.get()),
                        entity, Objects.requireNonNullElse(jpa.get(Jpa.TABLE), jpa.get(Jpa.ENTITY)));
            }
        } else if (result instanceof EntityScanner.Failed f) {
            failed = true;
            f.problems().forEach(p -> error(p.text(), p.element(), p.annotation()));
        } else {
            deferred.add(name);
        }
    }

    private void finish() {
        // still unresolved in the last round: javac reports the missing type itself
        failed |= !deferred.isEmpty();
        if (failed || assembler.isEmpty()) {
            return;
        }
        Element[] origins = assembler.entities().stream()
                .map(processingEnv.getElementUtils()::getTypeElement)
                .filter(Objects::nonNull)
                .toArray(Element[]::new);
        try {
            SnapshotWriter.write(processingEnv.getFiler(), assembler.schema(), origins);
        } catch (IOException e) {
            failed = true;
            error(Message.WRITE_FAILED.format(SchemaJson.RESOURCE, e.getMessage()), null);
        }
    }

    private void error(String text, Element element) {
        error(text, element, null);
    }

    private void error(String text, Element element, AnnotationMirror annotation) {
        Messager messager = processingEnv.getMessager();
        if (element == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, text);
        } else if (annotation == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, text, element);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, text, element, annotation);
        }
    }

    /** The exception and where it came from, on one line. */
    private static String summary(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t + (trace.length == 0 ? "" : " at " + trace[0]);
    }
}
