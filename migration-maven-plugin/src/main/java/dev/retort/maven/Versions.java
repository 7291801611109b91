package dev.retort.maven;

/** Retort's own version, as packaged. */
final class Versions {

    private Versions() {}

    static String retort() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
