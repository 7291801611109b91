package dev.retort.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * A diagnostic found while scanning, reported later on its element (and annotation, when one is
 * to blame) so the IDE and javac point at the right line.
 */
record Problem(Message message, Element element, AnnotationMirror annotation, List<Object> args) {

    static Problem of(Message message, Element element, AnnotationMirror annotation, Object... args) {
        return new Problem(message, element, annotation, List.of(args));
    }

    String text() {
        return message.format(args.toArray());
    }
}
