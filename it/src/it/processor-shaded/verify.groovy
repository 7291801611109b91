// The processor jar cannot clash with what else is on a user's processor path:
// 1. with an old Jackson beside it, both compiles wrote the schema of all three classes;
// 2. the installed jar carries migration-core, migration-api and Jackson only relocated, and its POM
//    gives users no dependency to resolve.
import groovy.json.JsonSlurper
import java.util.zip.ZipFile

File log = new File(basedir, 'build.log')
assert !log.text.contains('RT100') : 'the processor failed internally (a clash on the processor path?)'

File json = new File(basedir, 'target/classes/META-INF/retort/schema.json')
assert json.isFile() : "no snapshot at ${json}"
def schema = new JsonSlurper().parse(json)
def tables = schema.tables.collectEntries { [(it.name): it.columns*.name] }
assert tables.keySet() == ['Customer', 'Supplier'] as Set : "tables: ${tables.keySet()}"
assert tables.Customer == ['id', 'name', 'email', 'status', 'createdAt', 'balance'] : "Customer: ${tables.Customer}"
assert tables.Supplier == ['id', 'name'] : "Supplier: ${tables.Supplier}"
// the second compile compiled Supplier.java alone: Customer came from the previous snapshot
assert new File(basedir, 'target/classes/com/example/shop/Supplier.class').isFile()

File dir = new File(localRepositoryPath, 'dev/retort/metadata-processor')
File jarFile = dir.listFiles().findAll { it.isDirectory() }.collectMany { v -> v.listFiles().findAll { it.name ==~ /metadata-processor-.*\.jar/ } }.first()
new ZipFile(jarFile).withCloseable { zip ->
    def names = zip.entries().collect { it.name }
    def unrelocated = names.findAll { it.endsWith('.class') && (it.startsWith('com/fasterxml/') || it.startsWith('dev/retort/core/') || it.startsWith('dev/retort/migration/')) }
    assert unrelocated.isEmpty() : "unrelocated classes in ${jarFile.name}: ${unrelocated.take(5)}"
    assert names.contains('dev/retort/processor/internal/jackson/databind/ObjectMapper.class')
    assert names.contains('dev/retort/processor/internal/core/model/SchemaJson.class')
    assert zip.getInputStream(zip.getEntry('META-INF/services/javax.annotation.processing.Processor')).text.trim() == 'dev.retort.processor.RetortProcessor'
}
File pomFile = new File(jarFile.path.replaceAll(/\.jar$/, '.pom'))
def pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pomFile).documentElement
def child = { org.w3c.dom.Element e, String name -> (0..<e.childNodes.length).collect { e.childNodes.item(it) }.find { it.nodeName == name } }
def dependencies = child(pom, 'dependencies')
def declared = dependencies == null ? [] : (0..<dependencies.childNodes.length).collect { dependencies.childNodes.item(it) }.findAll { it.nodeName == 'dependency' }
def leaking = declared.collect { d -> [child(d, 'groupId')?.textContent, child(d, 'artifactId')?.textContent, child(d, 'scope')?.textContent ?: 'compile'] }
    .findAll { !(it[2] in ['test', 'provided']) }.collect { it.join(':') }
assert leaking.isEmpty() : "${pomFile.name} gives users dependencies: ${leaking}"
true
