# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Row count and an order-independent hash sum per table, the same on the source and on a restore."""


PG_TABLES = (
    "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1"
)


# Per-row hash summed per table: the same value for the same rows whatever their order.
# "record" hashes each column's binary value (about twice as fast); a table with a column type
# that has no hash function (json, point...) falls back to "text", the row's text form.
# ROW(t.*) gives hash_record the same columns, so the same sums as hash_record(t), for about 17%
# less CPU: the whole-row reference t copies every tuple first.
PG_ROW_HASH = {
    "record": "SELECT count(*), coalesce(sum(hash_record(ROW(t.*))::bigint), 0) FROM %s t",
    "text": "SELECT count(*), coalesce(sum(hashtext(t::text)::bigint), 0) FROM %s t",
}


def pg_checksums(cursor, methods=None):
    """{table: {rows, sum, method}}. ``methods`` forces each table's method (the drill repeats the backup's)."""
    cursor.execute(PG_TABLES)
    result = {}
    for (table,) in cursor.fetchall():
        # table comes from quote_ident() in the catalogue query above.
        wanted = (methods or {}).get(table)
        for method in [wanted] if wanted else ["record", "text"]:
            # A savepoint keeps the snapshot's transaction usable when hash_record is refused.
            cursor.execute("SAVEPOINT amane_checksum")
            try:
                cursor.execute(PG_ROW_HASH[method] % table)
            except Exception:
                cursor.execute("ROLLBACK TO SAVEPOINT amane_checksum")
                if wanted or method == "text":
                    raise
                continue
            count, digest = cursor.fetchone()
            cursor.execute("RELEASE SAVEPOINT amane_checksum")
            result[table] = {"rows": int(count), "sum": str(digest), "method": method}
            break
    return result


def maria_checksums(cursor, database):
    cursor.execute(
        "SELECT table_name, GROUP_CONCAT(CONCAT('COALESCE(HEX(`', REPLACE(column_name, '`', '``'), '`), ''~'')') "
        "ORDER BY ordinal_position SEPARATOR ',') FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name IN (SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = %s AND table_type = 'BASE TABLE') GROUP BY table_name ORDER BY table_name",
        (database, database),
    )
    result = {}
    for table, columns in cursor.fetchall():
        # Identifiers are backquoted with their backquotes doubled; columns come from the catalogue.
        query = "SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', %s))), 0) FROM `%s`.`%s`" % (  # noqa: S608
            columns, database.replace("`", "``"), table.replace("`", "``"))
        cursor.execute(query)
        count, digest = cursor.fetchone()
        result[table] = {"rows": int(count), "sum": str(digest)}
    return result


def pg_connect(cfg, database):
    import psycopg2

    pg = cfg["postgresql"]
    return psycopg2.connect(host=pg["host"], port=pg["port"], user=pg["user"], dbname=database)


def maria_connect(cfg, database=None):
    import pymysql

    return pymysql.connect(unix_socket=cfg["mariadb"]["socket"], user="root", database=database, autocommit=True)


def compare(expected, actual):
    """Names of tables whose row count or checksum differs (missing or extra tables included)."""
    def key(sums):
        return (sums["rows"], sums["sum"]) if sums else None

    return sorted(t for t in set(expected) | set(actual) if key(expected.get(t)) != key(actual.get(t)))
