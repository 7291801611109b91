// examples/quickstart after its README's first command and a second migrate:generate: one migration,
// applied to the embedded H2 database, listed by migrate:history, and nothing left to generate.
// Column definitions: what Hibernate ORM 7 exports on H2. Runs under each Maven distribution that the
// it pom names (script variable mavenVersion).
import dev.retort.it.Check
import dev.retort.it.CustomerWorkflow
import dev.retort.it.GeneratedMigration
import dev.retort.it.ItDatabase

Check check = new Check("quickstart on Maven ${mavenVersion}")
String log = new File(basedir, 'build.log').text

// the run was made by the Maven distribution it names, not by the one that runs the it module
check.that(log.contains("Apache Maven ${mavenVersion} "), "build.log does not show Apache Maven ${mavenVersion} (-V)")

def migrations = GeneratedMigration.in(basedir.toPath().resolve('src/main/java/db/migration'))
check.equal(1, migrations.size(), "generated migrations ${migrations*.file}")
String revision = null
if (migrations.size() == 1) {
    GeneratedMigration m = migrations[0]
    revision = m.id()
    check.that(m.isNamed('CreateAuthorsAndBooks'), "${m.file()} is not named V<yyyyMMdd_HHmm>__CreateAuthorsAndBooks.java")
    check.equal('create authors and books', m.message(), '@Revision(message)')
    check.equal([], m.parents(), '@Revision(parents)')
    check.that(m.source().contains('"Author"') && m.source().contains('"Book"'), "${m.file()} does not create Author and Book")
}

ItDatabase db = ItDatabase.h2(basedir)
try {
    for (name in ['Author', 'Book']) {
        check.that(db.table(name).isPresent(), "no table ${name}; tables: ${db.tables()}")
    }
    if (check.passed()) {
        CustomerWorkflow.checkColumns(db, db.table('Author').get(), [
                id   : 'BIGINT not null identity',
                name : 'CHARACTER VARYING(255) not null',
                email: 'CHARACTER VARYING(255)',
                born : 'DATE'], check)
        CustomerWorkflow.checkColumns(db, db.table('Book').get(), [
                id       : 'BIGINT not null identity',
                isbn     : 'CHARACTER VARYING(13) not null',
                title    : 'CHARACTER VARYING(255)',
                price    : 'NUMERIC(10,2)',
                published: 'DATE',
                genre    : "ENUM('FICTION','NON_FICTION','POETRY','REFERENCE')",
                pages    : 'INTEGER not null'], check)
        check.equal([['EMAIL']], db.uniqueKeys(db.table('Author').get())*.collect { it.toUpperCase() }, 'Author unique keys')
        check.equal([['ISBN']], db.uniqueKeys(db.table('Book').get())*.collect { it.toUpperCase() }, 'Book unique keys')
    }
    CustomerWorkflow.checkHistory(db, 1, revision == null ? [] : [revision], check)
} finally {
    db.close()
}

// migrate:history lists the revision; the migrate:generate after it found no changes and wrote nothing
int history = log.indexOf(':history (default-cli)')
int again = history < 0 ? -1 : log.indexOf(':generate (default-cli)', history)
check.that(history >= 0, 'build.log shows no migrate:history run')
check.that(again >= 0, 'build.log shows no migrate:generate after migrate:history')
if (history >= 0 && again >= 0) {
    if (revision != null) {
        check.that(log.substring(history, again).contains(revision), "migrate:history does not list revision ${revision}")
    }
    check.that(log.substring(again).contains('No changes detected'), 'the second migrate:generate did not say "No changes detected"')
}
check.that(log.contains('BUILD SUCCESS'), 'build.log shows no BUILD SUCCESS')
check.done()
true
