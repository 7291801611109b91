package dev.retort.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Which {@code -Aretort.naming} the application's own Hibernate configuration implies, read the way
 * Spring Boot and Hibernate read it, so that {@code init} writes the right option and
 * {@code generate} and {@code check} refuse a snapshot whose names the running application would
 * not look for.
 *
 * <p>Spring Boot (its parent, or any {@code org.springframework.boot} dependency or plugin) brings
 * its defaults, CamelCaseToUnderscoresNamingStrategy and SpringImplicitNamingStrategy. Explicit
 * strategies come from {@code spring.jpa.hibernate.naming.physical-strategy|implicit-strategy}
 * (which Boot applies over the next two), {@code spring.jpa.properties.hibernate.physical_naming_strategy|
 * implicit_naming_strategy} in every {@code application*.properties|yml|yaml} of the resource
 * directories (and their {@code config/}), and, without Spring Boot, {@code hibernate.*_naming_strategy}
 * in {@code META-INF/persistence.xml}. Every profile is read, because the migrations must suit every
 * environment the application runs in: profiles that disagree, or a strategy class Retort does not
 * know, make the result unsettled, and only the user can settle it ({@code migrate.naming}). A YAML
 * document guarded by a profile condition never counts as the default profile; {@code ${NAME:default}}
 * placeholders resolve against {@code -D} properties and environment variables, then their default.
 */
final class ApplicationNaming {

    /** The processor's namings ({@code -Aretort.naming}). */
    enum Naming {
        JPA,
        SPRING,
        SNAKE;

        String option() {
            return name().toLowerCase(Locale.ROOT);
        }

        String arg() {
            return "-Aretort.naming=" + option();
        }

        static Optional<Naming> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            for (Naming n : values()) {
                if (n.option().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What the configuration implies.
     *
     * @param naming    the naming to use: the one of the default profile when profiles disagree, a best
     *                  guess when a strategy is custom; {@link Naming#JPA} when nothing is configured
     * @param evidence  false when neither Spring Boot nor any naming setting was found: Hibernate's
     *                  defaults are assumed, but nothing contradicts another choice
     * @param reason    which file and setting (or the Spring Boot evidence) decided it, for the user
     * @param conflicts why the naming is not certain (a custom strategy, profiles that disagree): init
     *                  warns, generate and check refuse until {@code migrate.naming} states the naming
     * @param notes     what the chosen naming reproduces only approximately, and files Retort could not
     *                  parse (that do not mention naming); warnings, never refusals
     */
    record Finding(Naming naming, boolean evidence, String reason, List<String> conflicts, List<String> notes) {
        boolean settled() {
            return conflicts.isEmpty();
        }
    }

    private static final String BOOT = "org.springframework.boot";
    private static final String PHYSICAL_STANDARD =
            "org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl";
    private static final String PHYSICAL_SNAKE = "org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl";
    private static final List<String> PHYSICAL_UNDERSCORES = List.of(
            PHYSICAL_SNAKE,
            "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy",
            "org.springframework.boot.orm.jpa.hibernate.SpringPhysicalNamingStrategy");
    private static final List<String> IMPLICIT_JPA =
            List.of("org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl", "default", "jpa");
    private static final List<String> IMPLICIT_SPRING = List.of(
            "org.springframework.boot.hibernate.SpringImplicitNamingStrategy",
            "org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy");

    /** The four settings, in the order Spring Boot lets them win: a {@code naming.*} one over its {@code properties.*} one. */
    private enum Key {
        PHYSICAL("spring.jpa.hibernate.naming.physical-strategy"),
        IMPLICIT("spring.jpa.hibernate.naming.implicit-strategy"),
        PHYSICAL_PROPERTY("spring.jpa.properties.hibernate.physical_naming_strategy"),
        IMPLICIT_PROPERTY("spring.jpa.properties.hibernate.implicit_naming_strategy");

        final String property;

        Key(String property) {
            this.property = property;
        }

        /** The key a written property names, with Spring's relaxed binding for the {@code naming.*} ones. */
        static Optional<Key> of(String written) {
            String k = written.trim().replace("[", ".").replace("]", "").toLowerCase(Locale.ROOT);
            String relaxed = k.replace("-", "").replace("_", "");
            if (relaxed.equals("spring.jpa.hibernate.naming.physicalstrategy")) {
                return Optional.of(PHYSICAL);
            }
            if (relaxed.equals("spring.jpa.hibernate.naming.implicitstrategy")) {
                return Optional.of(IMPLICIT);
            }
            if (k.equals("spring.jpa.properties.hibernate.physical_naming_strategy")) {
                return Optional.of(PHYSICAL_PROPERTY);
            }
            if (k.equals("spring.jpa.properties.hibernate.implicit_naming_strategy")) {
                return Optional.of(IMPLICIT_PROPERTY);
            }
            return Optional.empty();
        }
    }

    /**
     * One setting as found: its value and where ({@code src/main/resources/application.properties sets k=v}).
     *
     * @param unknown why the value cannot be known before the application runs (a placeholder set nowhere,
     *                a Maven filter token), or null
     */
    private record Setting(String value, String where, String unknown) {}

    /** The settings of one file, or of one profile's document in a YAML file; {@code profile} null for the default. */
    private record Layer(String profile, Map<Key, Setting> settings) {}

    private static final Pattern PROFILE_FILE = Pattern.compile("application(?:-(.+))?\\.(properties|ya?ml)");
    /** A profile expression rather than a profile name. */
    private static final Pattern EXPRESSION = Pattern.compile("[!&|()]");

    private ApplicationNaming() {}

    /**
     * What in the project's model shows Spring Boot ({@code parent org.springframework.boot:spring-boot-starter-parent}),
     * or null. Test-scoped dependencies do not count: they configure no application.
     */
    static String springBootEvidence(MavenProject project) {
        for (MavenProject p = project; p != null; p = p.getParent()) {
            org.apache.maven.model.Parent parent = p.getModel().getParent();
            if (parent != null && BOOT.equals(parent.getGroupId())) {
                return "parent " + parent.getGroupId() + ":" + parent.getArtifactId();
            }
        }
        for (Dependency d : project.getDependencies()) {
            if (BOOT.equals(d.getGroupId()) && !"test".equals(d.getScope())) {
                return "dependency " + d.getGroupId() + ":" + d.getArtifactId();
            }
        }
        for (Plugin p : project.getBuildPlugins()) {
            if (BOOT.equals(p.getGroupId())) {
                return "plugin " + p.getGroupId() + ":" + p.getArtifactId();
            }
        }
        return null;
    }

    /**
     * Reads the project's configuration.
     *
     * @param lookup the value of a {@code ${NAME}} placeholder's name: {@code -D} properties and environment
     *               variables ({@link SpringFiles#lookup}), or null where it is set nowhere
     */
    static Finding detect(MavenProject project, Function<String, String> lookup) throws MojoFailureException {
        List<Path> resources = project.getResources().stream()
                .map(r -> project.getBasedir().toPath().resolve(r.getDirectory()))
                .toList();
        return detect(
                springBootEvidence(project), resources, project.getBasedir().toPath(), lookup);
    }

    /** Reads the configuration files of {@code resourceDirs}, with no placeholder name set anywhere. */
    static Finding detect(String springBoot, List<Path> resourceDirs, Path basedir) throws MojoFailureException {
        return detect(springBoot, resourceDirs, basedir, name -> null);
    }

    /**
     * Reads the configuration files of {@code resourceDirs}.
     *
     * @param springBoot what shows Spring Boot in the project (see {@link #springBootEvidence}), or null
     * @param lookup     see {@link #detect(MavenProject, Function)}
     */
    static Finding detect(String springBoot, List<Path> resourceDirs, Path basedir, Function<String, String> lookup)
            throws MojoFailureException {
        List<Layer> layers = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (Path dir : resourceDirs) {
            for (Path d : List.of(dir, dir.resolve("config"))) {
                readApplicationFiles(d, basedir, layers, unread, lookup);
            }
        }
        boolean boot = springBoot != null || !layers.isEmpty();
        if (!boot) {
            for (Path dir : resourceDirs) {
                readPersistenceXml(dir.resolve("META-INF/persistence.xml"), basedir, layers);
            }
        }
        String bootWhy = springBoot != null ? "Spring Boot (pom.xml: " + springBoot + ")" : "Spring Boot";
        if (!boot && layers.isEmpty()) {
            return new Finding(
                    Naming.JPA,
                    false,
                    "no Spring Boot and no naming strategy setting: Hibernate's defaults",
                    List.of(),
                    List.copyOf(unread));
        }
        TreeSet<String> profiles = new TreeSet<>();
        layers.stream().map(Layer::profile).filter(p -> p != null).forEach(profiles::add);
        Outcome base = outcome(layers, null, boot, bootWhy);
        List<String> conflicts = new ArrayList<>(base.conflicts());
        List<String> notes = new ArrayList<>(unread);
        notes.addAll(base.notes());
        Map<Naming, List<String>> byNaming = new TreeMap<>();
        byNaming.computeIfAbsent(base.naming(), n -> new ArrayList<>()).add("the default profile");
        for (String profile : profiles) {
            Outcome o = outcome(layers, profile, boot, bootWhy);
            o.conflicts().stream().filter(c -> !conflicts.contains(c)).forEach(conflicts::add);
            o.notes().stream().filter(c -> !notes.contains(c)).forEach(notes::add);
            byNaming.computeIfAbsent(o.naming(), n -> new ArrayList<>()).add(label(profile) + " (" + o.reason() + ")");
        }
        if (byNaming.size() > 1) {
            StringBuilder b = new StringBuilder(
                    "the profiles imply different namings, but one set of migrations serves them all:");
            byNaming.forEach((n, where) ->
                    b.append("\n    ").append(n.option()).append(": ").append(String.join("; ", where)));
            b.append("\n  Retort chose ")
                    .append(base.naming().option())
                    .append(
                            ", the default profile's; make the profiles agree, or state the naming with migrate.naming");
            conflicts.add(b.toString());
        }
        return new Finding(base.naming(), true, base.reason(), List.copyOf(conflicts), List.copyOf(notes));
    }

    private record Outcome(Naming naming, String reason, List<String> conflicts, List<String> notes) {}

    /** How messages name a profile: a name, or an expression for the profile sets it matches ({@code !local}, {@code prod & cloud}). */
    private static String label(String profile) {
        return EXPRESSION.matcher(profile).find() ? "the profiles matching " + profile : "profile " + profile;
    }

    /** The naming of one profile (null: the default): its layers over the default ones, Boot's defaults under all. */
    private static Outcome outcome(List<Layer> layers, String profile, boolean boot, String bootWhy) {
        Map<Key, Setting> effective = new LinkedHashMap<>();
        for (Layer l : layers) {
            if (l.profile() == null) {
                effective.putAll(l.settings());
            }
        }
        if (profile != null) {
            for (Layer l : layers) {
                if (profile.equals(l.profile())) {
                    effective.putAll(l.settings());
                }
            }
        }
        Setting physical = effective.getOrDefault(Key.PHYSICAL, effective.get(Key.PHYSICAL_PROPERTY));
        Setting implicit = effective.getOrDefault(Key.IMPLICIT, effective.get(Key.IMPLICIT_PROPERTY));
        List<String> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> why = new ArrayList<>();
        Boolean underscores; // null: a custom class
        if (physical == null) {
            underscores = boot;
            why.add(
                    !boot
                            ? "Hibernate's default physical strategy"
                            : implicit == null
                                    ? bootWhy
                                            + " applies its default naming strategies (CamelCaseToUnderscoresNamingStrategy, SpringImplicitNamingStrategy)"
                                    : bootWhy
                                            + " applies its default physical strategy CamelCaseToUnderscoresNamingStrategy");
        } else {
            String v = physical.value();
            underscores = PHYSICAL_UNDERSCORES.contains(v)
                    ? Boolean.TRUE
                    : PHYSICAL_STANDARD.equals(v) ? Boolean.FALSE : null;
            why.add(physical.where());
            if (physical.unknown() != null) {
                conflicts.add(physical.where() + ": " + physical.unknown());
            } else if (underscores == null) {
                conflicts.add(
                        physical.where() + ": a physical naming strategy Retort cannot reproduce; Retort's namings are "
                                + "jpa (names as written), spring and snake (camelCase to snake_case)");
            }
        }
        Boolean springImplicit; // null: a custom class
        if (implicit == null) {
            springImplicit = boot;
            if (boot && physical != null) {
                why.add("and Spring Boot applies its default implicit strategy SpringImplicitNamingStrategy");
            }
        } else {
            String v = implicit.value();
            springImplicit =
                    IMPLICIT_SPRING.contains(v) ? Boolean.TRUE : IMPLICIT_JPA.contains(v) ? Boolean.FALSE : null;
            why.add(implicit.where());
            if (implicit.unknown() != null) {
                conflicts.add(implicit.where() + ": " + implicit.unknown());
            } else if (springImplicit == null) {
                conflicts.add(implicit.where() + ": an implicit naming strategy Retort cannot reproduce; Retort's are "
                        + "ImplicitNamingStrategyJpaCompliantImpl and Spring's SpringImplicitNamingStrategy");
            }
        }
        Naming naming;
        if (underscores == null || springImplicit == null) {
            naming = boot ? Naming.SPRING : Naming.JPA;
        } else if (underscores) {
            naming = springImplicit ? Naming.SPRING : Naming.SNAKE;
        } else {
            naming = Naming.JPA;
            if (springImplicit) {
                notes.add(String.join(", ", why)
                        + ": names as written (jpa), except that SpringImplicitNamingStrategy names an implicit "
                        + "join table <owning table>_<attribute> where Retort's jpa naming writes <owning table>_<target table>; "
                        + "give such associations @JoinTable(name = ...)");
            }
        }
        return new Outcome(naming, String.join(", ", why), conflicts, notes);
    }

    private static void readApplicationFiles(
            Path dir, Path basedir, List<Layer> layers, List<String> unread, Function<String, String> lookup)
            throws MojoFailureException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "application*")) {
            s.forEach(files::add);
        } catch (IOException e) {
            throw new MojoFailureException(
                    "Cannot list " + SpringFiles.display(basedir, dir) + ": " + e.getMessage(), e);
        }
        // YAML before properties, as Spring Boot lets a .properties file win at the same level
        files.sort((a, b) -> {
            int ya = a.toString().endsWith(".properties") ? 1 : 0;
            int yb = b.toString().endsWith(".properties") ? 1 : 0;
            return ya != yb
                    ? Integer.compare(ya, yb)
                    : a.getFileName().toString().compareTo(b.getFileName().toString());
        });
        for (Path file : files) {
            Matcher m = PROFILE_FILE.matcher(file.getFileName().toString());
            if (!m.matches() || !Files.isRegularFile(file)) {
                continue;
            }
            String profile = m.group(1);
            String shown = SpringFiles.display(basedir, file);
            boolean yaml = !m.group(2).equals("properties");
            for (Map<String, String> flat : readOrWarn(file, shown, yaml, unread)) {
                SpringFiles.ProfileCondition condition = yaml ? SpringFiles.profileCondition(flat) : null;
                if (condition == null) {
                    add(layers, profile, flat, shown, lookup);
                    continue;
                }
                // a guarded document never counts as the default profile
                for (String expression : condition.expressions()) {
                    for (String p : profileSets(expression)) {
                        String set = profile == null || profile.equals(p) ? p : profile + " & (" + p + ")";
                        add(layers, set, flat, shown + " (on-profile: " + condition.written() + ")", lookup);
                    }
                }
            }
        }
    }

    /**
     * The profile sets a profile expression stands for: each name of {@code a} or {@code a | b}; the
     * expression itself, as one set of profiles, for a negation or conjunction ({@code !local},
     * {@code prod & cloud}), which Retort does not expand.
     */
    static List<String> profileSets(String expression) {
        String e = expression.trim();
        if (e.contains("!") || e.contains("&")) {
            return List.of(e);
        }
        return List.of(e.replace("(", " ").replace(")", " ").split("\\|")).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * The documents of a file; none, with a warning, for a file that does not parse and does not mention
     * naming. One that mentions naming may set the strategy, so it fails the goal.
     */
    private static List<Map<String, String>> readOrWarn(Path file, String shown, boolean yaml, List<String> unread)
            throws MojoFailureException {
        try {
            return yaml ? SpringFiles.yamlDocuments(file, shown) : List.of(SpringFiles.properties(file, shown));
        } catch (MojoFailureException e) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                throw e;
            }
            if (text.toLowerCase(Locale.ROOT).contains("naming")) {
                throw new MojoFailureException(
                        e.getMessage() + "\n" + shown + " mentions naming, so it may set the naming "
                                + "strategy, which Retort cannot read from a file that does not parse. Fix the file, or state the naming: "
                                + "-Dmigrate.naming=jpa|spring|snake (or <migrate.naming> in the POM's <properties>).",
                        e);
            }
            unread.add(e.getMessage() + "\nRetort read no naming strategy setting from " + shown
                    + ": it does not mention naming, so it sets none.");
            return List.of();
        }
    }

    private static void add(
            List<Layer> layers,
            String profile,
            Map<String, String> flat,
            String shown,
            Function<String, String> lookup) {
        Map<Key, Setting> settings = new LinkedHashMap<>();
        flat.forEach((k, v) -> Key.of(k).ifPresent(key -> settings.put(key, setting(k, v.trim(), shown, lookup))));
        if (!settings.isEmpty()) {
            layers.add(new Layer(profile, settings));
        }
    }

    /** A written value, its placeholders resolved as Spring resolves them. */
    private static Setting setting(String key, String written, String shown, Function<String, String> lookup) {
        String where = shown + " sets " + key + "=" + written;
        Matcher token = SpringFiles.FILTER_TOKEN.matcher(written);
        if (token.find()) {
            return new Setting(
                    written,
                    where,
                    "the value is filled in by Maven resource filtering (" + token.group()
                            + "), which Retort does not apply");
        }
        try {
            String value = SpringFiles.resolvePlaceholders(written, lookup).trim();
            return new Setting(value, value.equals(written) ? where : where + " (resolved to " + value + ")", null);
        } catch (SpringFiles.UnresolvedPlaceholder e) {
            return new Setting(
                    written,
                    where,
                    "it uses ${" + e.name + "}, which is set nowhere Retort looks (no -D property or "
                            + "environment variable of that name) and has no default");
        }
    }

    /** The naming properties of every persistence unit; units that disagree show up as profiles that disagree. */
    private static void readPersistenceXml(Path file, Path basedir, List<Layer> layers) throws MojoFailureException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String shown = SpringFiles.display(basedir, file);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            NodeList units =
                    f.newDocumentBuilder().parse(file.toFile()).getElementsByTagNameNS("*", "persistence-unit");
            for (int i = 0; i < units.getLength(); i++) {
                Element unit = (Element) units.item(i);
                NodeList properties = unit.getElementsByTagNameNS("*", "property");
                Map<Key, Setting> settings = new LinkedHashMap<>();
                for (int j = 0; j < properties.getLength(); j++) {
                    Element p = (Element) properties.item(j);
                    String name = p.getAttribute("name").trim();
                    Key key = name.equals("hibernate.physical_naming_strategy")
                            ? Key.PHYSICAL
                            : name.equals("hibernate.implicit_naming_strategy") ? Key.IMPLICIT : null;
                    if (key != null) {
                        settings.put(
                                key,
                                new Setting(
                                        p.getAttribute("value").trim(),
                                        shown + " (persistence unit " + unit.getAttribute("name") + ") sets " + name
                                                + "=" + p.getAttribute("value").trim(),
                                        null));
                    }
                }
                if (!settings.isEmpty()) {
                    // several units: each is its own "profile", so units that disagree are reported
                    layers.add(
                            new Layer(units.getLength() == 1 ? null : "unit " + unit.getAttribute("name"), settings));
                }
            }
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new MojoFailureException("Cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * The naming the goals hold the snapshots to: {@code migrate.naming} when given (the user's word,
     * settled), else what the configuration implies.
     */
    static Finding expected(String stated, MavenProject project, Function<String, String> lookup)
            throws MojoFailureException {
        if (stated != null && !stated.isBlank()) {
            Naming n = Naming.parse(stated)
                    .orElseThrow(() -> new MojoFailureException(
                            "migrate.naming '" + stated + "' is not a naming: use jpa, spring or snake"));
            return new Finding(n, true, "migrate.naming=" + n.option(), List.of(), List.of());
        }
        return detect(project, lookup);
    }

    /**
     * What {@code generate} and {@code check} make of the snapshots' namings.
     *
     * @param refusal  why the goal must stop, or null
     * @param warnings what the user should know
     * @param info     the line that says which naming was checked and why; null when nothing was checked
     */
    record Verdict(String refusal, List<String> warnings, String info) {}

    /**
     * Compares the namings the snapshots record with the expected one.
     *
     * @param snapshots  the naming each snapshot records (null: not recorded), by where it is
     * @param configured the {@code -Aretort.naming} value the module's compiler configuration sets now, or null
     */
    static Verdict verify(Finding expected, Map<String, String> snapshots, String configured) {
        String recorded = String.join(
                ", ",
                new TreeSet<>(snapshots.values().stream().filter(n -> n != null).toList()));
        if (!expected.evidence()) {
            // nothing to hold the snapshot to: whatever -Aretort.naming the user chose stands
            return new Verdict(null, expected.notes(), null);
        }
        List<String> warnings = new ArrayList<>(expected.notes());
        snapshots.forEach((where, naming) -> {
            if (naming == null) {
                warnings.add(
                        where + " does not record the naming it was built with (an older Retort processor wrote it): "
                                + "rebuild it (mvn clean compile) so it can be checked against the application's configuration");
            }
        });
        if (!expected.settled()) {
            return new Verdict(
                    "Cannot tell which naming strategy the application's Hibernate uses:\n"
                            + Messages.numbered(expected.conflicts())
                            + "\nState it, after checking that Retort's naming gives the names "
                            + "your application uses: -Dmigrate.naming=jpa|spring|snake (or <migrate.naming> in the POM's <properties>), "
                            + "and the same <arg>-Aretort.naming=...</arg> in maven-compiler-plugin's <compilerArgs>.",
                    warnings,
                    null);
        }
        List<String> wrong = new ArrayList<>();
        snapshots.forEach((where, naming) -> {
            if (naming != null && !naming.equals(expected.naming().option())) {
                wrong.add(where + " was built with -Aretort.naming=" + naming);
            }
        });
        if (!wrong.isEmpty()) {
            Naming should = expected.naming();
            return new Verdict(
                    String.join("; ", wrong) + ", but " + expected.reason() + ": the application's Hibernate uses "
                            + should.option() + " names (" + (should == Naming.JPA ? "firstName" : "first_name")
                            + ", not "
                            + (should == Naming.JPA ? "first_name" : "firstName") + ").\n"
                            + (should.option().equals(configured)
                                    ? "Fix: maven-compiler-plugin already sets <arg>" + should.arg()
                                            + "</arg>, but the snapshot was compiled before: "
                                            + "the compiler does not recompile for a changed option, so run mvn clean first. If Retort read the "
                                    : "Fix: set <arg>" + should.arg()
                                            + "</arg> in maven-compiler-plugin's <compilerArgs>"
                                            + (snapshots.size() > 1 ? " of the module that built it" : "")
                                            + " (mvn dev.retort:migration-maven-plugin:" + Versions.retort()
                                            + ":init does it), then run mvn clean "
                                            + "(the compiler does not recompile for a changed option). If Retort read the ")
                            + "configuration wrongly (a strategy set in code, entities in a module without the application's configuration), "
                            + "state the application's naming with -Dmigrate.naming=jpa|spring|snake or <migrate.naming> in the POM's <properties>.",
                    warnings,
                    null);
        }
        return new Verdict(
                null,
                warnings,
                "Naming: " + expected.naming().option() + " (" + expected.reason() + ")"
                        + (recorded.isEmpty() ? "" : ", as the snapshot was built"));
    }

    /** The {@code -Aretort.naming} value in maven-compiler-plugin's {@code compilerArgs}, or null. */
    static String configuredNaming(MavenProject project) {
        for (Plugin p : project.getBuildPlugins()) {
            if ("maven-compiler-plugin".equals(p.getArtifactId())
                    && p.getConfiguration() instanceof Xpp3Dom configuration
                    && configuration.getChild("compilerArgs") != null) {
                for (Xpp3Dom arg : configuration.getChild("compilerArgs").getChildren("arg")) {
                    String v = arg.getValue() == null ? "" : arg.getValue().trim();
                    if (v.startsWith("-Aretort.naming=")) {
                        return v.substring("-Aretort.naming=".length()).trim().toLowerCase(Locale.ROOT);
                    }
                }
            }
        }
        return null;
    }
}
