// The catalog database (migrate.url) with its tenant table, the 12 tenant databases (plus one
// inactive row whose database does not exist), and in it_tenant_07 a hand-made invoice table.
import dev.retort.it.ItDatabase

ItDatabase db = ItDatabase.mariadb(mariadbUrl)
try {
    List<String> statements = ['DROP DATABASE IF EXISTS tenant_catalog', 'CREATE DATABASE tenant_catalog',
            'CREATE TABLE tenant_catalog.tenant (name VARCHAR(64) PRIMARY KEY, active BOOLEAN NOT NULL)',
            "INSERT INTO tenant_catalog.tenant VALUES ('it_tenant_99', FALSE)"]
    (1..12).each { i ->
        String name = String.format('it_tenant_%02d', i)
        statements << "DROP DATABASE IF EXISTS ${name}".toString() << "CREATE DATABASE ${name}".toString()
        statements << "INSERT INTO tenant_catalog.tenant VALUES ('${name}', TRUE)".toString()
    }
    statements << 'CREATE TABLE it_tenant_07.invoice (id INT)' << 'INSERT INTO it_tenant_07.invoice VALUES (1)'
    db.execute(statements as String[])
} finally {
    db.close()
}
true
