package dev.retort.processor.hibernate;

import dev.retort.core.model.Schema;

/** For tests outside this package: the snapshot of a comparison fixture. */
public final class FixtureSnapshots {

    private FixtureSnapshots() {}

    public static Schema snapshot(String fixture, String naming) {
        return CompiledFixture.compile(fixture, naming).snapshot;
    }
}
