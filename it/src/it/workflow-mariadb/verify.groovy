// See dev.retort.it.CustomerWorkflow (it/src/test/java) for every expectation.
import dev.retort.it.CustomerWorkflow
import dev.retort.it.ItDatabase

assert !new File(basedir, 'target/retort/db.mv.db').exists() : 'the goals used the embedded H2 database, not migrate.url'

ItDatabase db = ItDatabase.mariadb(mariadbUrl)   // the migrate.url of pom.xml
try {
    CustomerWorkflow.verify(basedir, db)
} finally {
    db.close()
}
true
