package dev.retort.processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Names of the constraints and indexes the processor generates. Every name fits the shortest limit
 * of the supported databases (64 on MySQL/MariaDB); a longer one is cut and given a stable hash
 * suffix, so the same mapping always gives the same name.
 */
final class ConstraintNames {

    static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private ConstraintNames() {}

    /** {@code uk_<table>_<column>}, lower case. */
    static String uniqueKey(String table, String column) {
        return limit(("uk_" + table + "_" + column).toLowerCase(Locale.ROOT));
    }

    /** {@code uk_<table>_<column>_<column>…}, lower case. */
    static String uniqueKey(String table, List<String> columns) {
        return name("uk", table, columns);
    }

    /** {@code idx_<table>_<column>…}, lower case. */
    static String index(String table, List<String> columns) {
        return name("idx", table, columns);
    }

    /** {@code fk_<table>_<column>…}, lower case. */
    static String foreignKey(String table, List<String> columns) {
        return name("fk", table, columns);
    }

    /** {@code ck_<table>_<what>}, lower case: a column's checks, or a numbered table check. */
    static String check(String table, String what) {
        return limit(("ck_" + table + "_" + what).toLowerCase(Locale.ROOT));
    }

    private static String name(String prefix, String table, List<String> columns) {
        return limit((prefix + "_" + table + "_" + String.join("_", columns)).toLowerCase(Locale.ROOT));
    }

    /** The name itself when short enough, else its first characters + {@code _} + 8 hex of its SHA-256. */
    static String limit(String name) {
        // generated from quoted table or column names: the name itself is Retort's, never quoted
        name = name.replace("`", "");
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(name)).substring(0, HASH_CHARS);
        return name.substring(0, MAX_LENGTH - HASH_CHARS - 1) + "_" + hash;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
