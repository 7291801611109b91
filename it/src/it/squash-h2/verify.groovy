// The squash wrote a baseline, deleted the three squashed sources and re-parented the fourth; the
// database at the head recorded the baseline without running anything; a fresh one ran it.
import dev.retort.it.ItDatabase
import java.sql.DriverManager

File migrations = new File(basedir, 'src/main/java/db/migration')
List<String> sources = migrations.list().sort()
assert sources.size() == 2 : "sources: ${sources}"
String baselineFile = sources.find { it.startsWith('V20261207_0700__') }
assert baselineFile != null : "no baseline in ${sources}"
String baseline = new File(migrations, baselineFile).text
def id = (baseline =~ /@Revision\(\s*id = "([^"]+)"/)[0][1]
assert baseline.contains('@Baseline(') && baseline.contains('through = "20261203_1000_cccc"') : baseline
assert baseline.contains('"20261201_1000_aaaa"') && baseline.contains('"20261202_1000_bbbb"') : baseline
assert baseline.contains('varchar(500)') && !baseline.contains('varchar(200)') : "replayed, not copied:\n${baseline}"
assert baseline.contains('REVIEW data loss: drops table customer with every row in it') : baseline
String purchase = new File(migrations, 'V20261204_1000__CreatePurchase.java').text
assert purchase.contains("parents = \"${id}\"") : purchase

String log = new File(basedir, 'build.log').text
[
        "Removed src/main/java/db/migration/V20261201_1000__CreateCustomer.java (revision 20261201_1000_aaaa)",
        "Check passed",
        "Squash baseline ${id} builds the schema of 20261203_1000_cccc it replaces.",
        "Squash baseline ${id} (db.migration.V",
        "recorded as applied in place of 3 revisions it replaces",
        "Nothing to upgrade: the database is at revision 20261204_1000_dddd.",
        "Upgraded: 2 revisions applied; the database is at revision 20261204_1000_dddd.",
        "Current revision: 20261204_1000_dddd",
].each { assert log.contains(it) : "build.log has no\n${it}\n---\n${log}" }
assert !log.contains("Current revision: ${id}") : "the baseline is below the head, not a second tip:\n${log}"

List<String> revisions(ItDatabase db) {
    String historyTable = db.table('retort_history').orElseThrow { new AssertionError("no retort_history: ${db.tables()}") }
    db.rows('SELECT * FROM ' + db.quote(historyTable)).collect { row -> row.find { it.key.equalsIgnoreCase('revision') }.value as String }.sort()
}

ItDatabase db = ItDatabase.h2(basedir)
try {
    assert revisions(db) == [id, '20261204_1000_dddd'].sort() : "history: ${revisions(db)}"
} finally {
    db.close()
}
// migrate.url without a user: the plugin connected with the empty user, which created the database
String freshUrl = "jdbc:h2:file:${new File(basedir, 'target/fresh/db').absolutePath};IFEXISTS=TRUE"
ItDatabase fresh = ItDatabase.of(ItDatabase.Kind.H2, DriverManager.getConnection(freshUrl, '', ''))
try {
    assert revisions(fresh) == [id, '20261204_1000_dddd'].sort() : "fresh history: ${revisions(fresh)}"
    assert fresh.table('purchase').isPresent() && fresh.table('customer').isPresent() : fresh.tables()
} finally {
    fresh.close()
}
true
