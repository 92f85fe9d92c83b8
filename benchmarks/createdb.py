"""Create the benchmark database named by DATABASE_URL when it does not exist (PostgreSQL);
and, for the load test, a throw-away copy of it (`scratch_copy`)."""

import contextlib
import os
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lansmedel_bench"


def _config(url: str) -> dict:
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://…")
    return config


def _server(config: dict) -> psycopg.Connection:
    """A connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def main() -> None:
    config = _config(os.environ.get("DATABASE_URL", DEFAULT_URL))
    name = config["NAME"]
    with _server(config) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")


@contextlib.contextmanager
def scratch_copy(url: str) -> Iterator[str]:
    """The URL of a copy of the database at `url`, dropped on exit: the load test writes
    (applications, register entries, history) that the register keeps for good, so it runs
    on a copy and every run starts from the same generated data."""
    config = _config(url)
    source, copy = config["NAME"], f"{config['NAME']}_load"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy))
    with _server(config) as connection:
        connection.execute(drop)
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(copy), sql.Identifier(source)
            )
        )
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{copy}"))
    finally:
        with _server(config) as connection:
            connection.execute(drop)


if __name__ == "__main__":
    main()
