// Steps 2 and 3 (the latter through migrate.tenants) left the compile out (their timings name no
// compiler run) and found nothing to upgrade; step 3's timings show the fan-out as one phase.
// Step 4 was refused with the message that names the edited revision and the goal that accepts the
// edit, and changed nothing: customer as first applied, no bio, one history row with the old checksum.
import dev.retort.it.ItDatabase

String log = new File(basedir, 'build.log').text
List<String> expected = [
        'The database and the migrations disagree; nothing was run.',
        '  revision 20261201_1000_a1b2 (db.migration.V20261201_1000__CreateCustomer) was changed after it was applied: its operations no longer match the checksum recorded in retort_history. Either revert the edit and put the change in a new migration (mvn migrate:generate), or, if the database already has the edited schema, accept the edit by re-stamping: mvn migrate:stamp -Dmigrate.target=20261201_1000_a1b2 (records the current checksums; runs nothing)',
]
List<String> lines = log.readLines()
List<String> timings = lines.findAll { it.contains('Timings (wall/CPU ms)') }
assert timings.size() == 2 : "one timings line each in steps 2 and 3: ${timings}"
timings.each { assert !it.contains('compiler:compile') && it.contains('up-to-date check') : it }
assert timings[1].contains('tenants (1, 1 at a time) ') : timings[1]
assert lines.count { it.contains('Nothing to upgrade') } == 2 : log
assert new File(basedir, 'target/retort/compile-inputs.sha256').isFile()
expected.each { line -> assert lines.any { it == line || it.endsWith(': ' + line) || it.endsWith('] ' + line) } : "build.log has no line\n${line}\n---\n${log}" }

ItDatabase db = ItDatabase.h2(basedir)
try {
    String customer = db.table('customer').orElseThrow { new AssertionError("no table customer: ${db.tables()}") }
    String historyTable = db.table('retort_history').orElseThrow { new AssertionError("no table retort_history: ${db.tables()}") }
    def columns = db.columns(customer)
    assert columns.keySet()*.toLowerCase() == ['id', 'name'] : "customer: ${columns}"
    assert columns.find { it.key.equalsIgnoreCase('name') }.value.contains('100') : "customer.name: ${columns}"
    def history = db.rows('SELECT * FROM ' + db.quote(historyTable))
    assert history.size() == 1 && history[0].values().any { it == '20261201_1000_a1b2' } : "history: ${history}"
} finally {
    db.close()
}
true
