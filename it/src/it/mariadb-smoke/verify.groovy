// The MariaDB started by the it build, seen from an invoker project.
import dev.retort.it.Check
import dev.retort.it.CustomerFixture
import dev.retort.it.CustomerWorkflow
import dev.retort.it.ItDatabase

import java.sql.DriverManager

// 1. The address reaches the projects: the cloned pom was filtered with it.
String pom = new File(basedir, 'pom.xml').text
assert pom.contains(mariadbUrl) : "pom.xml was not filtered with the MariaDB address ${mariadbUrl}:\n${pom}"
assert mariadbUrl == "jdbc:mysql://127.0.0.1:${mariadbPort}/retort_it".toString()

// 2. Connector/J reaches it over TCP as root with an empty password, and it is MariaDB.
Class.forName('com.mysql.cj.jdbc.Driver')
def connection = DriverManager.getConnection(mariadbUrl, 'root', '')
try {
    def rs = connection.createStatement().executeQuery('SELECT VERSION(), DATABASE()')
    assert rs.next()
    String version = rs.getString(1)
    assert version.contains('MariaDB') : "SELECT VERSION() = ${version}"
    assert rs.getString(2) == 'retort_it'
    println "[mariadb-smoke] ${version} on port ${mariadbPort}"

    rs = connection.createStatement().executeQuery('SELECT @@lower_case_table_names')
    assert rs.next() && rs.getInt(1) == 0 : 'table names must be case sensitive, as on a Linux server'
} finally {
    connection.close()
}

// 3. The checks the workflow projects share pass on the schema Hibernate exports on this server,
//    and fail when it lacks a column.
ItDatabase db = ItDatabase.mariadb("jdbc:mysql://127.0.0.1:${mariadbPort}/retort_smoke")
try {
    CustomerFixture.createTables(db)
    Check correct = new Check('correct schema')
    CustomerWorkflow.checkCustomerTable(db, correct)
    CustomerWorkflow.checkHistory(db, 2, [CustomerFixture.FIRST_ID, CustomerFixture.SECOND_ID], correct)
    correct.done()

    db.execute('alter table Customer drop column bio')
    Check broken = new Check('schema without bio')
    CustomerWorkflow.checkCustomerTable(db, broken)
    assert broken.failures() == ['Customer has no column bio; columns: [balance, createdAt, id, email, name, status]']
} finally {
    db.close()
}
true
