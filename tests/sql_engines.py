"""Runs exported scoring queries on real SQL engines for the Rust tests.

usage: sql_engines.py ENGINE WORK_DIR
ENGINE is duckdb, postgres or spark. WORK_DIR holds contacts.parquet,
events.parquet, contacts.csv, events.csv, schema.json and queries/*.sql;
each query's result is written to results/<name>.csv with the columns
id, fit, engagement, score, stage, grade. Exit code 3 means the engine is not
installed here.
"""
import csv
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

COLUMNS = ["id", "fit", "engagement", "score", "stage", "grade"]


def queries(work):
    for path in sorted(glob.glob(os.path.join(work, "queries", "*.sql"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            yield name, f.read()


def tables(work):
    for path in sorted(glob.glob(os.path.join(work, "*.parquet"))):
        yield os.path.splitext(os.path.basename(path))[0], path


def write_result(work, name, rows):
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    with open(os.path.join(work, "results", name + ".csv"), "w", newline="", encoding="utf-8") as f:
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
    for table, path in tables(work):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{path}')")
    for name, sql in queries(work):
        write_result(work, name, con.execute(sql).fetchall())


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def run_postgres(work):
    initdb, pg_ctl, psql = pg_bin("initdb"), pg_bin("pg_ctl"), pg_bin("psql")
    if not (initdb and pg_ctl and psql):
        sys.exit(3)
    with open(os.path.join(work, "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    base = tempfile.mkdtemp(prefix="leadscore-pg-")
    os.chmod(base, 0o777)
    data_dir = os.path.join(base, "data")
    run_as = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; Debian's package brings this user.
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(run_as + [initdb, "-D", data_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                   check=True, stdout=subprocess.DEVNULL)
    log = os.path.join(base, "log")
    subprocess.run(run_as + [pg_ctl, "-D", data_dir, "-l", log, "-w", "-o",
                             f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    try:
        def sql(text, *extra):
            return subprocess.run([psql, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                                   "-X", "-q", *extra, "-c", text], check=True, capture_output=True, text=True).stdout
        types = {"text": "TEXT", "number": "DOUBLE PRECISION", "bool": "BOOLEAN", "date": "TIMESTAMP"}
        for table, columns in schema.items():
            path = os.path.join(work, table + ".csv")
            if not os.path.exists(path):
                continue
            cols = ", ".join('"' + c.replace('"', '""') + '" ' + types[k] for c, k in columns)
            sql(f"CREATE TABLE {table} ({cols})")
            sql(f"\\copy {table} FROM '{path}' WITH (FORMAT csv, HEADER true)")
        for name, text in queries(work):
            out = sql(text, "--csv")
            rows = list(csv.reader(out.splitlines()))
            write_result(work, name, rows[1:])
    finally:
        subprocess.run(run_as + [pg_ctl, "-D", data_dir, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


def run_spark(work):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        sys.exit(3)
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        sys.exit(3)
    spark = (SparkSession.builder.master("local[1]").appName("leadscore-tests")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for table, path in tables(work):
            spark.read.parquet(path).createOrReplaceTempView(table)
        for name, text in queries(work):
            rows = spark.sql(text).collect()
            write_result(work, name, [tuple(r) for r in rows])
    finally:
        spark.stop()


if __name__ == "__main__":
    engine, work = sys.argv[1], sys.argv[2]
    {"duckdb": run_duckdb, "postgres": run_postgres, "spark": run_spark}[engine](work)
