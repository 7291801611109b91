// See dev.retort.it.CustomerWorkflow (it/src/test/java) for every expectation.
import dev.retort.it.CustomerWorkflow
import dev.retort.it.ItDatabase

ItDatabase db = ItDatabase.h2(basedir)   // jdbc:h2:file:<basedir>/target/retort/db
try {
    CustomerWorkflow.verify(basedir, db)
} finally {
    db.close()
}
true
