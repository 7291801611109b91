package dev.retort.core.mysql;

/** MariaDB's catalog: MySQL's, with sequences (tables of type {@code SEQUENCE}) and checks named per table. */
public class MariaDbCatalog extends MySqlCatalog {

    @Override
    public String sequencesQuery() {
        return "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'SEQUENCE'";
    }

    @Override
    public boolean sequencesAreTables() {
        return false;
    }

    /** A check's name is unique per table only, so the join needs the table too. */
    @Override
    public String checksQuery() {
        return "SELECT tc.table_name, tc.constraint_name, cc.check_clause FROM information_schema.table_constraints tc "
                + "JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema "
                + "AND cc.constraint_name = tc.constraint_name AND cc.table_name = tc.table_name "
                + "WHERE tc.table_schema = ? AND tc.constraint_type = 'CHECK'";
    }

    /** MariaDB's {@code json} is an alias: the column is {@code longtext}. */
    @Override
    public String nativeType(String type) {
        String t = super.nativeType(type);
        return t.equals("json") ? "longtext" : t;
    }
}
