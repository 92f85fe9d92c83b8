"""Create the benchmark database named by DATABASE_URL when it does not exist (PostgreSQL)."""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql


def main() -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lansmedel_bench")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")
    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")


if __name__ == "__main__":
    main()
