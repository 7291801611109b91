// Run from the reactor root with nothing installed: both modules' entities reached app's migration.
import java.sql.DriverManager

def dir = new File(basedir, 'app/src/main/java/db/migration')
def files = dir.exists() ? dir.listFiles().findAll { it.name.endsWith('.java') } : []
assert files.size() == 1 : "expected exactly one generated migration in ${dir}, found ${files*.name}"
def source = files[0].text
assert source.contains('op.createTable("Customer"') : "the migration lacks model's Customer:\n${source}"
assert source.contains('op.createTable("Purchase"') : "the migration lacks app's Purchase:\n${source}"

def log = new File(basedir, 'build.log').text
def installed = new File(localRepositoryPath, 'dev/retort/it/reactor/model/1.0/model-1.0.jar')
assert !installed.exists() : "model must come from the reactor, not from ${installed}"
// without -X the goals run the project's build up to compile whole, maven-resources-plugin included
assert log.contains('skip non existing resourceDirectory') : 'maven-resources-plugin did not run before the goal'
assert log.contains('No changes detected') : 'the second generate should find nothing new'

def url = 'jdbc:h2:file:' + new File(basedir, 'app/target/retort/db').absolutePath
def c = DriverManager.getConnection(url, 'sa', '')
try {
    def tables = []
    def rs = c.metaData.getTables(null, null, '%', ['TABLE'] as String[])
    while (rs.next()) { tables << rs.getString('TABLE_NAME').toLowerCase() }
    assert tables.containsAll(['customer', 'purchase', 'retort_history']) : "tables: ${tables}"
    def count = c.createStatement().executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")
    count.next()
    assert count.getInt(1) == 1
} finally {
    c.close()
}
true
