// Step 2 was refused with the message that names the step and the two ways on, and changed nothing.
import dev.retort.it.ItDatabase

String log = new File(basedir, 'build.log').text
List<String> expected = [
        'Refusing to upgrade: 1 step destroys data without acknowledgement; nothing was run.',
        '  20261202_1000_c3d4 step 1: dropColumn customer.email',
        'Review each step, then add .acceptDataLoss() to it in the migration source (or pass -Dmigrate.allowDataLoss=true for a local database you can rebuild).',
]
List<String> lines = log.readLines()
expected.each { line -> assert lines.any { it == line || it.endsWith(': ' + line) || it.endsWith('] ' + line) } : "build.log has no line\n${line}\n---\n${log}" }

ItDatabase db = ItDatabase.h2(basedir)
try {
    String customer = db.table('customer').orElseThrow { new AssertionError("no table customer: ${db.tables()}") }
    String historyTable = db.table('retort_history').orElseThrow { new AssertionError("no table retort_history: ${db.tables()}") }
    assert db.columns(customer).keySet()*.toLowerCase() == ['id', 'name', 'email'] : "customer: ${db.columns(customer)}"
    def history = db.rows('SELECT * FROM ' + db.quote(historyTable))
    assert history.size() == 1 && history[0].values().any { it == '20261201_1000_a1b2' } : "history: ${history}"
} finally {
    db.close()
}
true
