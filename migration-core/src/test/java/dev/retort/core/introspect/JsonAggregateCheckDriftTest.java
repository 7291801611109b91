package dev.retort.core.introspect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.model.Check;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.JsonAggregateCheck.Attribute;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift detection of a JSON aggregate's check, which each database stores in its own spelling ({@code
 * HibernateComparisonTest} reads the checks of fixture {@code types} back on the four databases and
 * expects no drift).
 */
class JsonAggregateCheckDriftTest {

    /**
     * Drift detection compares what the check tests, however the database respells it (the stored forms here
     * are what PostgreSQL 14 and MySQL 8.0.31 report for Retort's statement), and sees a changed attribute.
     */
    @Test
    void driftSeesThroughTheDatabasesSpellingButNotPastAChange() {
        JsonAggregateCheck strict = new JsonAggregateCheck(
                "strict",
                true,
                List.of(
                        new Attribute("label", varchar(255), false, null),
                        new Attribute("tier", tinyint(), true, "tier between 0 and 2")));
        String postgres = "((((strict IS NULL) OR ((((strict ->> 'label'::text))::character varying(255) IS NOT NULL)"
                + " AND ((((strict ->> 'tier'::text))::smallint IS NULL) OR ((((strict ->> 'tier'::text))::smallint"
                + " >= 0) AND (((strict ->> 'tier'::text))::smallint <= 2)))))))";
        String mysql =
                "(((`strict` is null) or ((cast(json_unquote(nullif(json_extract(`strict`,_utf8mb4\\'$.label\\'),"
                        + "cast(_utf8mb4\\'null\\' as json))) as char charset utf8mb4) is not null) and"
                        + " ((cast(json_unquote(nullif(json_extract(`strict`,_utf8mb4\\'$.tier\\'),cast(_utf8mb4\\'null\\' as"
                        + " json))) as signed) is null) or (cast(json_unquote(nullif(json_extract(`strict`,_utf8mb4\\'$.tier\\'),"
                        + "cast(_utf8mb4\\'null\\' as json))) as signed) between 0 and 2)))))";
        Check check = new Check("ck_t_strict", strict.write(), null);
        assertEquals(
                DriftDetector.jsonCheck(Dialects.byName("postgresql").checkCondition(check), "strict"),
                DriftDetector.jsonCheck(postgres, "strict"));
        assertEquals(
                DriftDetector.jsonCheck(Dialects.byName("mysql").checkCondition(check), "strict"),
                DriftDetector.jsonCheck(mysql, "strict"));
        // the label made nullable, the tier's range widened, the document made NOT NULL: each is a change
        for (JsonAggregateCheck changed : List.of(
                new JsonAggregateCheck(
                        "strict", true, List.of(new Attribute("tier", tinyint(), true, "tier between 0 and 2"))),
                new JsonAggregateCheck(
                        "strict",
                        true,
                        List.of(
                                new Attribute("label", varchar(255), false, null),
                                new Attribute("tier", tinyint(), true, "tier between 0 and 3"))),
                new JsonAggregateCheck("strict", false, strict.attributes()))) {
            assertNotEquals(
                    DriftDetector.jsonCheck(postgres, "strict"),
                    DriftDetector.jsonCheck(
                            Dialects.byName("postgresql").checkCondition(new Check("c", changed.write(), null)),
                            "strict"),
                    changed.write());
        }
    }
}
