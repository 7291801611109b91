package dev.retort.core.errors;

import java.util.ArrayList;
import java.util.List;

/**
 * A message whose advice is data: plain text with {@link Hint}s in between, rendered by the edge
 * that shows it ({@link #render(Wording)}).
 */
public final class Text {

    private final List<Object> parts;

    private Text(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Strings, {@link Hint}s and other {@code Text}s, in order; anything else is written with {@code toString()}. */
    public static Text of(Object... parts) {
        return new Builder().add(parts).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The hints in this message, in order: what it tells the user to do. */
    public List<Hint> hints() {
        return parts.stream()
                .filter(Hint.class::isInstance)
                .map(Hint.class::cast)
                .toList();
    }

    /** True when the message has nothing to say. */
    public boolean isEmpty() {
        return parts.stream().allMatch(p -> p instanceof String s && s.isEmpty());
    }

    /** The same message without trailing white space. */
    public Text stripTrailing() {
        List<Object> next = new ArrayList<>(parts);
        while (!next.isEmpty() && next.get(next.size() - 1) instanceof String s && s.isBlank()) {
            next.remove(next.size() - 1);
        }
        if (!next.isEmpty() && next.get(next.size() - 1) instanceof String s) {
            next.set(next.size() - 1, s.stripTrailing());
        }
        return new Text(next);
    }

    public String render(Wording wording) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof Hint h ? wording.hint(h) : part);
        }
        return wording.finish(out.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t && t.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** In the core's neutral words ({@link Wording#NEUTRAL}). */
    @Override
    public String toString() {
        return render(Wording.NEUTRAL);
    }

    /** Builds a {@link Text} piece by piece, like a {@link StringBuilder}. */
    public static final class Builder {
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();

        public Builder add(Object... more) {
            for (Object part : more) {
                if (part instanceof Hint) {
                    flush();
                    parts.add(part);
                } else if (part instanceof Text t) {
                    t.parts.forEach(this::add);
                } else {
                    pending.append(part);
                }
            }
            return this;
        }

        /** Like {@link #add}, for code written as {@code StringBuilder.append} chains. */
        public Builder append(Object part) {
            return add(part);
        }

        public boolean isEmpty() {
            return parts.isEmpty() && pending.isEmpty();
        }

        private void flush() {
            if (!pending.isEmpty()) {
                parts.add(pending.toString());
                pending.setLength(0);
            }
        }

        public Text build() {
            flush();
            return new Text(parts);
        }
    }
}
