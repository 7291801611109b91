package dev.retort.core.safety;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every rule has its section in {@code docs/safety-rules.md} under an anchor named by its id:
 * generated REVIEW notes and refusals point there, so the page cannot fall behind the code.
 */
class RuleDocsTest {

    static String page() throws Exception {
        Path page = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("..")
                .resolve(Rule.DOCS_PAGE)
                .normalize();
        assertTrue(Files.isRegularFile(page), "no " + page);
        return Files.readString(page);
    }

    @Test
    void everyRuleHasAnAnchorOnItsPage() throws Exception {
        String page = page();
        List<String> missing = new ArrayList<>();
        for (Rule r : Rule.values()) {
            if (!page.contains("<a id=\"" + r.id() + "\"></a>")) {
                missing.add(r.id());
            }
            assertEquals(Rule.DOCS_PAGE + "#" + r.id(), r.docsLink());
        }
        assertEquals(List.of(), missing, "rules without <a id=\"RTnnn\"></a> in " + Rule.DOCS_PAGE);
    }

    /**
     * Each rule's section states what the code says it detects, why it hurts and the safe rewrite:
     * the generated note no longer carries them, so the page must not drift from the code.
     */
    @Test
    void everySectionSaysWhatTheRuleSays() throws Exception {
        String page = page().replaceAll("\\s+", " ");
        List<String> stale = new ArrayList<>();
        for (Rule r : Rule.values()) {
            int start = page.indexOf("<a id=\"" + r.id() + "\"></a>");
            int end = page.indexOf("<a id=\"", start + 1);
            String section = start < 0 ? "" : page.substring(start, end < 0 ? page.length() : end);
            for (String text : List.of(r.title(), r.detects(), r.hurts(), r.rewrite())) {
                if (!section.contains(text.replaceAll("\\s+", " "))) {
                    stale.add(r.id() + ": " + text);
                }
            }
        }
        assertEquals(List.of(), stale, "sections of " + Rule.DOCS_PAGE + " that no longer say what the rule says");
    }

    /** The page names no rule the code does not have (a renamed or removed id would leave a dead section). */
    @Test
    void everyAnchorIsARule() throws Exception {
        Matcher m = Pattern.compile("<a id=\"(RT\\d{3})\"></a>").matcher(page());
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            if (Rule.byId(m.group(1)).isEmpty()) {
                unknown.add(m.group(1));
            }
        }
        assertEquals(List.of(), unknown);
    }
}
