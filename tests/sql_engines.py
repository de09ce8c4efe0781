"""Runs exported scoring queries on real SQL engines for the Rust tests,
loading the tables exactly as the README says: the load script `leadscore
convert` wrote for the dialect, run from the tables' folder.

usage: sql_engines.py ENGINE WORK_DIR
ENGINE is duckdb, postgres, spark, spark-big, snowflake (the fakesnow
emulator) or parse (sqlglot parses the BigQuery and Snowflake queries).
WORK_DIR holds tables/<set>/ (tables and load scripts) and
queries/<dialect>/<case>.sql; a query reads contacts_<set> and events_<set>.
Each run of a query under one setting is written to
results/<engine>-<setting>/<case>.csv with the columns id, fit, engagement,
score, stage, grade. Exit code 3 means the engine is not installed here.
"""
import csv
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile

COLUMNS = ["id", "fit", "engagement", "score", "stage", "grade"]


def queries(work, dialect):
    for path in sorted(glob.glob(os.path.join(work, "queries", dialect, "*.sql"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            yield name, f.read()


def table_sets(work):
    return sorted(glob.glob(os.path.join(work, "tables", "*")))


def script(set_dir, name):
    with open(os.path.join(set_dir, name), encoding="utf-8") as f:
        return f.read()


def statements(text):
    """The statements of a load script (none of ours has ';' inside a value)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]


def write_result(work, setting, name, rows):
    folder = os.path.join(work, "results", setting)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def run_duckdb(work):
    try:
        import duckdb
    except ImportError:
        sys.exit(3)
    con = duckdb.connect()
    here = os.getcwd()
    for set_dir in table_sets(work):
        os.chdir(set_dir)
        con.execute(script(set_dir, "load_duckdb.sql"))
    os.chdir(here)
    for setting, zone in [("utc", "UTC"), ("kolkata", "Asia/Kolkata")]:
        con.execute(f"SET TimeZone = '{zone}'")
        for name, sql in queries(work, "duckdb"):
            write_result(work, f"duckdb-{setting}", name, con.execute(sql).fetchall())


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Postgres:
    """A throw-away server whose zone is `zone`."""

    def __init__(self, zone):
        self.initdb, self.pg_ctl, self.psql_bin = pg_bin("initdb"), pg_bin("pg_ctl"), pg_bin("psql")
        if not (self.initdb and self.pg_ctl and self.psql_bin):
            sys.exit(3)
        self.base = tempfile.mkdtemp(prefix="leadscore-pg-")
        os.chmod(self.base, 0o777)
        self.data_dir = os.path.join(self.base, "data")
        # PostgreSQL refuses to run as root; Debian's package brings this user.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        subprocess.run(self.run_as + [self.initdb, "-D", self.data_dir, "-U", "postgres", "--auth=trust",
                                      "-E", "UTF8", "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(self.run_as + [self.pg_ctl, "-D", self.data_dir, "-l", os.path.join(self.base, "log"), "-w",
                                      "-o", f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c timezone={zone}",
                                      "start"], check=True, stdout=subprocess.DEVNULL)

    def psql(self, *args, cwd=None, options=""):
        env = dict(os.environ, PGOPTIONS=options)
        return subprocess.run([self.psql_bin, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                               "-v", "ON_ERROR_STOP=1", "-X", "-q", *args],
                              check=True, capture_output=True, text=True, cwd=cwd, env=env).stdout

    def stop(self):
        subprocess.run(self.run_as + [self.pg_ctl, "-D", self.data_dir, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(self.base, ignore_errors=True)


def run_postgres(work):
    for zone, label in [("UTC", "utc"), ("Asia/Tokyo", "tokyo")]:
        server = Postgres(zone)
        try:
            # As the README says: psql -f load_postgres.sql, from the tables' folder.
            for set_dir in table_sets(work):
                server.psql("-f", "load_postgres.sql", cwd=set_dir)
            for scs in ["on", "off"]:
                options = f"-c standard_conforming_strings={scs}"
                for name, text in queries(work, "postgres"):
                    if label == "tokyo" and scs == "on" and name.startswith("random_"):
                        continue
                    out = server.psql("--csv", "-c", text, options=options)
                    rows = list(csv.reader(out.splitlines()))
                    write_result(work, f"postgres-{label}-scs-{scs}", name, rows[1:])
        finally:
            server.stop()


def spark_session():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        sys.exit(3)
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        sys.exit(3)
    spark = (SparkSession.builder.master("local[2]").appName("leadscore-tests")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.driver.memory", "3g")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def load_spark(spark, work):
    # As the README says: the statements of load_spark.sql, from the tables' folder.
    here = os.getcwd()
    try:
        for set_dir in table_sets(work):
            os.chdir(set_dir)
            for statement in statements(script(set_dir, "load_spark.sql")):
                spark.sql(statement)
    finally:
        os.chdir(here)


SPARK_SETTINGS = [
    # (label, ANSI mode, escapedStringLiterals, session time zone)
    ("default", "false", "false", "UTC"),
    ("ansi-escaped-newyork", "true", "true", "America/New_York"),
    ("ansi-kolkata", "true", "false", "Asia/Kolkata"),
    ("escaped-tokyo", "false", "true", "Asia/Tokyo"),
]


def run_spark(work, big=False):
    spark = spark_session()
    try:
        load_spark(spark, work)
        settings = SPARK_SETTINGS[:2] if big else SPARK_SETTINGS
        for i, (label, ansi, escaped, zone) in enumerate(settings):
            spark.conf.set("spark.sql.ansi.enabled", ansi)
            spark.conf.set("spark.sql.parser.escapedStringLiterals", escaped)
            spark.conf.set("spark.sql.session.timeZone", zone)
            for name, text in queries(work, "spark"):
                if i > 0 and name.startswith("random_") and int(name[-2:]) % 3 != i % 3:
                    continue
                rows = spark.sql(text).collect()
                write_result(work, f"spark-{label}", name, [tuple(r) for r in rows])
    finally:
        spark.stop()


def run_snowflake(work):
    try:
        import fakesnow
        import snowflake.connector
    except ImportError:
        sys.exit(3)
    here = os.getcwd()
    with fakesnow.patch():
        con = snowflake.connector.connect(database="LEADSCORE", schema="PUBLIC")
        cur = con.cursor()
        try:
            # As the README says: snowsql -f load_snowflake.sql, from the tables' folder.
            for set_dir in table_sets(work):
                os.chdir(set_dir)
                for statement in statements(script(set_dir, "load_snowflake.sql")):
                    cur.execute(statement)
        finally:
            os.chdir(here)
        for name, text in queries(work, "snowflake"):
            cur.execute(text)
            write_result(work, "snowflake-fakesnow", name, cur.fetchall())


def run_parse(work):
    try:
        import sqlglot
    except ImportError:
        sys.exit(3)
    for dialect in ["bigquery", "snowflake"]:
        count = 0
        for name, text in queries(work, dialect):
            body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
            parsed = sqlglot.parse(body, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
            assert len(parsed) == 1 and parsed[0] is not None, f"{dialect} {name}: not one statement"
            count += 1
        print(f"sqlglot: {count} {dialect} queries parse", file=sys.stderr)


if __name__ == "__main__":
    engine, work = sys.argv[1], sys.argv[2]
    {
        "duckdb": run_duckdb,
        "postgres": run_postgres,
        "spark": run_spark,
        "spark-big": lambda w: run_spark(w, big=True),
        "snowflake": run_snowflake,
        "parse": run_parse,
    }[engine](work)
