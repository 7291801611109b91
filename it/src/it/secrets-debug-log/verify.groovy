// The whole debug output of every run holds none of the passwords, and each run really used its own.
import java.sql.DriverManager
import java.sql.SQLException

def log = new File(basedir, 'build.log').text

// run -> [password, database, how the banner names the password's source]
def runs = [
    cli   : ['Cli-Secret-7b3e90',    'db-cli',    'password from -Dmigrate.password'],
    env   : ['Env-Secret-2c8f14',    'db-env',    'password from environment variable RETORT_PASSWORD'],
    file  : ['File-Secret-41c07d',   'db-file',   'password from file named by environment variable RETORT_PASSWORD_FILE'],
    server: ['Server-Secret-9a62e1', 'db-server', "credentials from settings.xml <server> 'secret-db'"],
    spring: ['Spring-Secret-e4a7b2', 'db-spring', 'password from spring.datasource.password in src/main/resources/application.properties'],
    url   : ['Url-Secret-d5f803',    'db-url',    'url from -Dmigrate.url'],
]

// the runs were at debug level and printed Maven's configuration of the goals
assert log.count("[DEBUG] Configuring mojo execution 'dev.retort:migration-maven-plugin:") == 10 : 'not every goal ran, or not with -X'
assert log.contains('Database: jdbc:h2:./target/db-url;USER=sa;PASSWORD=*** (H2') : 'the password in the URL is masked in the banner'

// every leak at once, each with the line that shows it
def leaks = runs.findAll { name, r -> log.contains(r[0]) }.collect { name, r ->
    "the ${name} password, e.g. in: " + log.readLines().find { it.contains(r[0]) }.take(200)
}
assert leaks.isEmpty() : 'passwords in build.log:\n' + leaks.join('\n')
// under -X the goals leave maven-resources-plugin out and say so
assert log.contains('under -X: maven-resources-plugin') : 'no warning that maven-resources-plugin was left out under -X'

runs.each { name, r ->
    def (secret, db, source) = r
    assert log.contains("Database: jdbc:h2:./target/${db}") && log.contains(source) : "run ${name} did not announce ${db} with '${source}'"

    // the run created its database with this password: it opens with it, and not without it
    def url = 'jdbc:h2:' + new File(basedir, "target/${db}").absolutePath + ';IFEXISTS=TRUE'
    def c = DriverManager.getConnection(url, 'sa', secret)
    try {
        def rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")
        rs.next()
        assert rs.getInt(1) == 1 : "run ${name}: the migration is not applied in ${db}"
    } finally {
        c.close()
    }
    try {
        DriverManager.getConnection(url, 'sa', 'not-' + secret).close()
        assert false : "${db} opens with a wrong password: the run did not use its password"
    } catch (SQLException expected) {
        assert expected.message.contains('Wrong user name or password') : expected.message
    }
}
true
