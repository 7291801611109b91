// generate refused: the snapshot's names (jpa) are not the ones application.yml gives the application.
String log = new File(basedir, 'build.log').text
String expected = 'target/classes/META-INF/retort/schema.json was built with -Aretort.naming=jpa, but ' +
        'src/main/resources/application.yml sets spring.jpa.hibernate.naming.physical-strategy=' +
        'org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl, ' +
        'src/main/resources/application.yml sets spring.jpa.hibernate.naming.implicit-strategy=' +
        'org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl: the application\'s Hibernate uses snake names'
assert log.contains(expected) : 'the refusal does not name the setting:\n' + log
assert log.contains('Fix: set <arg>-Aretort.naming=snake</arg> in maven-compiler-plugin\'s <compilerArgs>')
File migrations = new File(basedir, 'src/main/java/db/migration')
assert !migrations.exists() || migrations.list().length == 0 : 'a migration was written: ' + migrations.list()
true
