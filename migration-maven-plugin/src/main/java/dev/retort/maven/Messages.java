package dev.retort.maven;

import java.util.List;

/** Shared wording for goal output. */
final class Messages {

    private Messages() {}

    /** {@code 1 step}, {@code 3 steps}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Items as {@code "  1. …"} lines, continuation lines indented under their item. */
    static String numbered(List<String> items) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String prefix = "  " + (i + 1) + ". ";
            out.append(prefix).append(items.get(i).replace("\n", "\n" + " ".repeat(prefix.length())));
            if (i < items.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
