// examples/spring-boot after `mvn test`: its application test ran (and passed) with the starter.
import dev.retort.it.Check

Check check = new Check('spring-boot')
File report = new File(basedir, 'target/surefire-reports/com.example.shop.ShopApplicationTests.txt')
check.that(report.isFile(), "no surefire report ${report}: the example's tests did not run")
if (report.isFile()) {
    String text = report.text
    check.that(text.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0'), "example tests: ${text}")
}
File log = new File(basedir, 'build.log')
check.that(log.text.contains('Applying 20261125_2317_4530'), 'the starter did not apply the example migration at start-up')
check.that(!new File(basedir, 'src/main/java/com/example/shop/StartupMigrations.java').exists(), 'the example still wires Retort by hand')
check.done()
true
