package dev.retort.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two system libraries the embedded MySQL's {@code mysqld} links that a bare Linux machine
 * (Debian 12 or Ubuntu with only a JDK) lacks: {@code libaio.so.1} and {@code libnuma.so.1}.
 *
 * <p>With a C compiler ({@code cc}, else {@code gcc}) on the machine, both are always replaced by
 * small stand-ins (x86-64 system calls; no header or C library is needed to build them) built
 * from this package's {@code native/} sources into the unpacked server's {@code standin/<hash>/}
 * directory, once per source version, and put first on mysqld's {@code LD_LIBRARY_PATH}.
 * Always, not only when the system lacks them: every machine then runs
 * the same server with the same libraries, the ones the tests check, whatever the distribution
 * ships (Ubuntu 24.04's {@code libaio1t64} even renamed the file {@code mysqld} asks for). The
 * stand-in {@code libaio} is the kernel's AIO system calls, which is all the real one is for the
 * five calls mysqld makes; the stand-in {@code libnuma} reports no NUMA support, so mysqld
 * allocates memory as on a one-node machine.
 *
 * <p>Without a compiler the system's libraries are used, found as the dynamic loader finds them
 * ({@code ldconfig -p}, then the usual library directories; {@code libaio.so.1t64} is linked in
 * as {@code libaio.so.1}); a library found nowhere fails the start with what to install.
 */
final class MySqlLibraries {

    /** What mysqld needs beyond glibc and its own bundled libraries: the file it asks for, its source here, its Debian package. */
    private record Library(String soname, String source, String debianPackage, List<String> alsoFoundAs) {}

    private static final List<Library> LIBRARIES = List.of(
            new Library("libaio.so.1", "libaio", "libaio1 (libaio1t64 on Ubuntu 24.04)", List.of("libaio.so.1t64")),
            new Library("libnuma.so.1", "libnuma", "libnuma1", List.of()));
    private static final List<String> COMPILERS = List.of("cc", "gcc");
    private static final List<String> LIBRARY_DIRS = List.of(
            "/lib/x86_64-linux-gnu",
            "/usr/lib/x86_64-linux-gnu",
            "/lib64",
            "/usr/lib64",
            "/lib",
            "/usr/lib",
            "/usr/local/lib");
    private static final String NATIVE = "native/";

    /** The directory to put first on mysqld's {@code LD_LIBRARY_PATH}, and how it was made, for the log. */
    record Prepared(Path directory, String how) {}

    private MySqlLibraries() {}

    /**
     * Builds the stand-ins into {@code home} (or reuses those built before from the same sources),
     * or, without a compiler, checks that the system has the real libraries.
     *
     * @throws IllegalStateException when neither a compiler nor the libraries are there, saying what to install
     */
    static Prepared prepare(Path home) {
        Optional<String> compiler = compiler();
        if (compiler.isPresent()) {
            return buildStandIns(home, compiler.get());
        }
        Path links = home.resolve("standin/system");
        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Library lib : LIBRARIES) {
            Optional<Path> system = findOnSystem(lib.soname());
            if (system.isPresent()) {
                found.add(system.get().toString());
                continue;
            }
            Optional<Path> renamed = lib.alsoFoundAs().stream()
                    .map(MySqlLibraries::findOnSystem)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (renamed.isPresent()) {
                link(links.resolve(lib.soname()), renamed.get());
                found.add(renamed.get() + " as " + lib.soname());
            } else {
                missing.add(lib.soname());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missingMessage(missing));
        }
        return new Prepared(links, "no C compiler; the system's " + String.join(", ", found));
    }

    /** What to install when neither the libraries named (sonames) nor a compiler are on the machine. */
    static String missingMessage(List<String> missing) {
        boolean one = missing.size() == 1;
        return "the embedded MySQL needs " + String.join(" and ", missing) + "; this machine has neither "
                + (one ? "it" : "them")
                + " nor a C compiler to build the stand-in" + (one ? "" : "s")
                + ": install gcc (apt-get install -y gcc) or "
                + String.join(
                        " and ",
                        LIBRARIES.stream()
                                .filter(l -> missing.contains(l.soname()))
                                .map(Library::debianPackage)
                                .toList());
    }

    /** The first compiler that answers {@code --version}. */
    static Optional<String> compiler() {
        for (String cc : COMPILERS) {
            try {
                Process p = new ProcessBuilder(cc, "--version")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(cc);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking for a C compiler", e);
            }
        }
        return Optional.empty();
    }

    private static Prepared buildStandIns(Path home, String compiler) {
        List<byte[]> sources = new ArrayList<>();
        for (Library lib : LIBRARIES) {
            sources.add(resource(lib.source() + ".c"));
            sources.add(resource(lib.source() + ".map"));
        }
        Path dir = home.resolve("standin").resolve(hash(sources));
        if (LIBRARIES.stream().allMatch(lib -> Files.exists(dir.resolve(lib.soname())))) {
            return new Prepared(dir, "stand-ins built before by " + compiler + " in " + dir);
        }
        long begin = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory(dir, "build");
            try {
                for (int i = 0; i < LIBRARIES.size(); i++) {
                    Library lib = LIBRARIES.get(i);
                    Path c = Files.write(work.resolve(lib.source() + ".c"), sources.get(2 * i));
                    Path map = Files.write(work.resolve(lib.source() + ".map"), sources.get(2 * i + 1));
                    Path out = work.resolve(lib.soname());
                    // no headers, no C library: the compiler alone builds them (no libc6-dev needed)
                    compile(
                            compiler,
                            List.of(
                                    compiler,
                                    "-shared",
                                    "-fPIC",
                                    "-O2",
                                    "-nostdinc",
                                    "-nostdlib",
                                    "-fno-stack-protector",
                                    "-o",
                                    out.toString(),
                                    "-Wl,-soname," + lib.soname(),
                                    "-Wl,--version-script=" + map,
                                    c.toString()),
                            work);
                    // another JVM may build the same sources at the same time: each moves a whole file into place
                    Files.move(
                            out,
                            dir.resolve(lib.soname()),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                try (var files = Files.list(work)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the stand-in libraries for the embedded MySQL in " + dir, e);
        }
        return new Prepared(
                dir,
                "stand-ins built by " + compiler + " in " + (System.nanoTime() - begin) / 1_000_000 + " ms in " + dir);
    }

    private static void compile(String compiler, List<String> cmd, Path dir) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(compiler + " did not finish within 120 s: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the stand-in libraries", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the embedded MySQL needs stand-ins for libaio.so.1 and libnuma.so.1, and "
                    + compiler + " could not build them (exit status " + p.exitValue() + "): " + String.join(" ", cmd)
                    + "\n" + said);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = MySqlLibraries.class.getResourceAsStream(NATIVE + name)) {
            if (in == null) {
                throw new IllegalStateException(NATIVE + name + " is missing beside " + MySqlLibraries.class.getName()
                        + " on the test classpath (migration-core's src/test/resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(List<byte[]> parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                d.update(part);
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the dynamic loader would find {@code soname}: its cache first, then the usual directories. */
    static Optional<Path> findOnSystem(String soname) {
        for (String ldconfig : List.of("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p")
                        .redirectErrorStream(true)
                        .start();
                String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    // lines like "	libaio.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libaio.so.1"
                    Optional<Path> cached = cache.lines()
                            .map(String::trim)
                            .filter(l -> l.startsWith(soname + " ") && l.contains("x86-64") && l.contains("=> "))
                            .map(l -> Path.of(l.substring(l.indexOf("=> ") + 3).trim()))
                            .filter(Files::exists)
                            .findFirst();
                    if (cached.isPresent()) {
                        return cached;
                    }
                    break;
                }
            } catch (IOException e) {
                // not on the PATH: try the next spelling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return LIBRARY_DIRS.stream()
                .map(d -> Path.of(d, soname))
                .filter(Files::exists)
                .findFirst();
    }

    private static void link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another JVM made the same link meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + link + " to " + target, e);
        }
    }
}
