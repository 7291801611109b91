// See dev.retort.it.CustomerWorkflow (it/src/test/java) for every expectation; here also what
// migrate:history printed after the last upgrade.
import dev.retort.it.CustomerWorkflow
import dev.retort.it.GeneratedMigration
import dev.retort.it.ItDatabase
import java.util.regex.Pattern

assert !new File(basedir, 'target/retort/db.mv.db').exists() : 'the goals used the embedded H2 database, not migrate.url'

ItDatabase db = ItDatabase.postgres(postgresUrl)   // the migrate.url of pom.xml
try {
    CustomerWorkflow.verify(basedir, db)
} finally {
    db.close()
}

def migrations = GeneratedMigration.in(new File(basedir, 'src/main/java/db/migration').toPath())
String first = migrations.find { it.isNamed('CreateCustomer') }.id()
String second = migrations.find { it.isNamed('AddCustomerBio') }.id()
List<String> log = new File(basedir, 'build.log').readLines()
int at = log.indexOf('[INFO] History (newest first):')
assert at >= 0 : 'migrate:history printed no history'
List<String> history = log.subList(at + 1, at + 4)
assert history[0] ==~ /\[INFO\]   \*  ${Pattern.quote(second)} \(head, current\)  "add customer bio"  applied \S+ by \S+ in \d+ ms/ : history.join('\n')
assert history[1] ==~ /\[INFO\]   \*  ${Pattern.quote(first)}  "create customer"  applied \S+ by \S+ in \d+ ms/ : history.join('\n')
assert history[2] == '[INFO]   o  <base>' : history.join('\n')
true
