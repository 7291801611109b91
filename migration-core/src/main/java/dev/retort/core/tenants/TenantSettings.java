package dev.retort.core.tenants;

import dev.retort.core.errors.Hint;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which tenants one run fans out over, and how: a list of names ({@code tenants}) or a query run
 * on the URL's own database that returns them ({@code tenants.query}), how many run at once
 * ({@code tenants.parallel}, default {@value #DEFAULT_PARALLEL}: one at a time, as a DBA running
 * DDL on a shared server expects unless told otherwise), and whether the first failure stops
 * tenants not started yet ({@code tenants.failFast}).
 *
 * @param names    the tenants named in the configuration; empty when {@code query} gives them
 * @param query    SQL returning one tenant name per row (first column); null when {@code names} are given
 * @param parallel how many tenants migrate at once, at least 1
 * @param failFast whether a failed tenant stops the tenants not started yet (those running finish)
 */
public record TenantSettings(List<String> names, String query, int parallel, boolean failFast) {

    /** Tenants run one after the other unless {@code tenants.parallel} says otherwise. */
    public static final int DEFAULT_PARALLEL = 1;

    /** Fan-out is off: the URL's own database is migrated. */
    public static final TenantSettings NONE = new TenantSettings(List.of(), null, DEFAULT_PARALLEL, false);

    /**
     * A name a database or schema may have without quoting on every supported server: letters,
     * digits, {@code _} and {@code $}, at most 63 characters (PostgreSQL's limit; MySQL's is 64).
     * Anything else would have to be quoted in the URL and in SQL, and a typo such as a stray
     * space or quote must fail here, not reach the server.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_$]{0,62}");

    public TenantSettings {
        names = List.copyOf(names);
        if (parallel < 1) {
            throw new InvalidSettingException(
                    Setting.TENANTS_PARALLEL,
                    Text.of(Hint.name(Setting.TENANTS_PARALLEL), " must be at least 1 (is ", parallel, ")"));
        }
        if (!names.isEmpty() && query != null) {
            throw new InvalidSettingException(
                    Setting.TENANTS_QUERY,
                    Text.of(
                            "Both ",
                            Hint.name(Setting.TENANTS),
                            " and ",
                            Hint.name(Setting.TENANTS_QUERY),
                            " are set: keep one (the list, or the query that returns it)"));
        }
        checkNames(names, Setting.TENANTS);
    }

    /**
     * Reads the settings as an edge gets them: {@code list} comma-separated (blank: not set),
     * {@code query} (blank: not set), {@code parallel} (null: the default).
     */
    public static TenantSettings of(String list, String query, Integer parallel, boolean failFast) {
        List<String> names = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            for (String part : list.split(",", -1)) {
                names.add(part.trim());
            }
        }
        return new TenantSettings(
                names,
                query == null || query.isBlank() ? null : query.trim(),
                parallel == null ? DEFAULT_PARALLEL : parallel,
                failFast);
    }

    /** True when a list or a query names tenants: the run fans out. */
    public boolean isSet() {
        return !names.isEmpty() || query != null;
    }

    /**
     * The tenant names, in the order given (the configured list, or the query's rows as returned):
     * each checked, none twice.
     *
     * @param catalog a connection to the URL's own database, where {@code query} runs; unused for a list
     * @throws InvalidSettingException naming {@code tenants.query} when the query fails or returns no, a bad or a repeated name
     */
    public List<String> resolve(Connection catalog) {
        if (query == null) {
            return names;
        }
        List<String> out = new ArrayList<>();
        try (Statement s = catalog.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                String name = rs.getString(1);
                out.add(name == null ? "" : name.trim());
            }
        } catch (SQLException e) {
            throw new InvalidSettingException(
                    Setting.TENANTS_QUERY,
                    Text.of("The query of ", Hint.name(Setting.TENANTS_QUERY), " failed: ", e.getMessage()));
        }
        if (out.isEmpty()) {
            throw new InvalidSettingException(
                    Setting.TENANTS_QUERY,
                    Text.of(
                            "The query of ",
                            Hint.name(Setting.TENANTS_QUERY),
                            " returned no tenant: nothing to migrate. Check the query (",
                            query,
                            "), or migrate the database itself by leaving tenants unset"));
        }
        checkNames(out, Setting.TENANTS_QUERY);
        return List.copyOf(out);
    }

    private static void checkNames(List<String> names, Setting from) {
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            if (name.isEmpty()) {
                throw new InvalidSettingException(
                        from,
                        Text.of(
                                Hint.name(from),
                                " has an empty tenant name",
                                from == Setting.TENANTS ? " (two commas, or one at an end)" : " (a NULL or blank row)",
                                ": ",
                                String.join(",", names)));
            }
            if (!NAME.matcher(name).matches()) {
                throw new InvalidSettingException(
                        from,
                        Text.of(
                                Hint.name(from),
                                " names tenant '",
                                name,
                                "', which is no plain database or schema name: use letters, digits, _ and $ (at"
                                        + " most 63)"));
            }
            String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (earlier != null) {
                throw new InvalidSettingException(
                        from,
                        Text.of(
                                Hint.name(from),
                                " names tenant '",
                                name,
                                "' twice",
                                earlier.equals(name)
                                        ? ""
                                        : " ('" + earlier + "' and '" + name + "' differ in case only)",
                                ": each tenant migrates once per run"));
            }
        }
    }
}
