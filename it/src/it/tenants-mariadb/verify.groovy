// Step 1 fanned out over the 12 active tenants, 4 at a time: 11 finished, it_tenant_07 stopped at
// step 2 of revision 2 and the failure named the rerun of only that tenant. Step 3 resumed it at the
// failed step; step 4 found all 12 up to date. Every tenant ends with both revisions and all tables.
import dev.retort.it.ItDatabase

String log = new File(basedir, 'build.log').text
List<String> lines = log.readLines()
def has = { String pattern -> assert lines.any { it =~ pattern } : "build.log has no line matching\n${pattern}\n---\n${log}" }

// 1. the fan-out, the summary, the failure
has(/\[INFO\] Tenants: 12 databases, 4 at a time\.$/)
has(/\[INFO\] \[it_tenant_03\] Upgraded: 2 revisions applied/)
has(/\[WARNING\] \[it_tenant_07\] FAILED: .*invoice/)
has(/\[INFO\] Tenants: 12 databases, 4 at a time, in [0-9.]+ s: 11 ok, 1 failed$/)
has(/\[INFO\]   tenant +\| from → to +\| +time \| result$/)
has(/\[INFO\]   it_tenant_01 \| base → 20261202_1000_c3d4 +\| +[0-9.]+ s \| upgraded: 2 revisions$/)
has(/\[INFO\]   it_tenant_07 \| base → 20261201_1000_a1b2, 20261202_1000_c3d4 \(failed at step 1\/2\) \| +[0-9.]+ s \| FAILED: /)
has(/1 of 12 tenants failed: it_tenant_07 /)
has(/run only these with mvn migrate:upgrade -Dmigrate\.tenants=it_tenant_07;/)
assert !log.contains('it_tenant_99') : "the inactive tenant was migrated\n${log}"

// 3. only it_tenant_07, resumed at the failed step
has(/\[INFO\] Tenants: 1 database, 1 at a time, in [0-9.]+ s: 1 ok, 0 failed$/)
has(/\[INFO\]   it_tenant_07 \| 20261201_1000_a1b2, 20261202_1000_c3d4 \(failed at step 1\/2\) → 20261202_1000_c3d4 \| +[0-9.]+ s \| upgraded: 1 revision$/)

// 4. the plain rerun
has(/\[INFO\] Tenants: 12 databases, 4 at a time, in [0-9.]+ s: 12 ok, 0 failed$/)
has(/\[INFO\]   it_tenant_12 \| 20261202_1000_c3d4 +\| +[0-9.]+ s \| up to date$/)

ItDatabase db = ItDatabase.mariadb(mariadbUrl)
try {
    (1..12).each { i ->
        String name = String.format('it_tenant_%02d', i)
        def tables = db.rows('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY 1', name)*.t*.toString()
        assert tables == ['customer', 'customer_note', 'invoice', 'retort_history'] : "${name}: ${tables}"
        def history = db.rows("SELECT revision, state FROM ${name}.retort_history ORDER BY revision".toString())
        assert history*.revision*.toString() == ['20261201_1000_a1b2', '20261202_1000_c3d4'] : "${name}: ${history}"
    }
    def invoice = db.rows('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY 1', 'it_tenant_07', 'invoice')*.c*.toString()
    assert invoice == ['id', 'total'] : "it_tenant_07.invoice is Retort's, not the hand-made one: ${invoice}"
} finally {
    db.close()
}
true
