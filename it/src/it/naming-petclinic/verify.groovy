// migrate:init read the naming from application.properties and Spring Boot's parent; generate used it.
File pom = new File(basedir, 'pom.xml')
assert pom.text.contains('<arg>-Aretort.naming=spring</arg>') : "init did not set the naming:\n" + pom.text

String log = new File(basedir, 'build.log').text
assert log.contains('Naming: spring - src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy='
        + 'org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl') : 'init did not say why'
assert log.contains('set -Aretort.naming=spring in maven-compiler-plugin\'s compilerArgs (the naming of the application\'s Hibernate, as above)')
assert log.contains('Naming: spring (src/main/resources/application.properties sets') : 'generate did not check the naming'

File migration = new File(basedir, 'src/main/java/db/migration/V20261201_0900__InitialSchema.java')
assert migration.isFile() : 'no migration generated'
String source = migration.text
['"first_name"', '"last_name"', '"birth_date"'].each { assert source.contains(it) : "no column ${it}:\n" + source }
['"firstName"', '"lastName"', '"birthDate"'].each { assert !source.contains(it) : "JPA name ${it}:\n" + source }
assert source.contains('op.createTable("owner"') : source
true
