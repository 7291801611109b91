// The starter's tests ran on Spring Boot 3.5 and passed: the jar built here fits Boot 3.5 as well as 4.0.
File report = new File(basedir, 'target/surefire-reports/dev.retort.boot.RetortAutoConfigurationTest.txt')
assert report.isFile() : "no surefire report ${report}: the tests did not run"
String text = report.text
assert text =~ /Tests run: (\d{2,}), Failures: 0, Errors: 0, Skipped: 0/ : text
// the test JVM's classpath holds Boot 3.5.7's auto-configure jar, not 4.0's
String classpath = new File(basedir, 'target/surefire-reports/TEST-dev.retort.boot.RetortAutoConfigurationTest.xml').text
assert classpath.contains('spring-boot-autoconfigure-3.5.7.jar') && !classpath.contains('spring-boot-autoconfigure-4.') : 'not run on Boot 3.5.7'
// the Boot 3.5 slice tests (this project's own src/test/java) ran: the slices' .imports files name Retort
for (String slice : ['DataJpaSliceTest', 'JdbcSliceTest']) {
    File r = new File(basedir, "target/surefire-reports/dev.retort.boot.app.${slice}.txt")
    assert r.isFile() && r.text =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0/ : "${slice} did not pass on Boot 3.5"
}
true
