"""The Docker stack refers only to things that exist, and production settings pass check --deploy.

No Docker engine is needed: docker-compose.yml and the Dockerfile are parsed as text.
"""

import os
import re
import secrets
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint-web.sh"
PROXY_CONFIG = ROOT / "docker" / "nginx.conf"

EXPECTED_SERVICES = {
    "postgres",
    "redis",
    "s3",
    "s3-bucket",
    "web1",
    "web2",
    "proxy",
    "worker",
    "beat",
    "mailpit",
}
WEB_SERVICES = {"web1", "web2"}
APP_SERVICES = WEB_SERVICES | {"worker", "beat"}
# "module.path:application" in a gunicorn command line.
WSGI_TARGET = re.compile(r"\b([A-Za-z_][\w.]*):application\b")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def services() -> dict:
    return compose()["services"]


def argv_of(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(key): "" if value is None else str(value) for key, value in env.items()}


def dependency_names() -> dict[str, str]:
    """Normalised distribution name -> full requirement string, from [project] dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {}
    for requirement in project["dependencies"]:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        assert match, f"unparsable requirement {requirement!r}"
        names[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = requirement
    return names


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, arguments = pending.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


def json_or_shell_args(arguments: str) -> list[str]:
    if arguments.startswith("["):
        return [str(part) for part in yaml.safe_load(arguments)]
    return shlex.split(arguments)


def assert_wsgi_targets_exist(text: str, where: str) -> None:
    for module in WSGI_TARGET.findall(text):
        path = ROOT / Path(*module.split("."))
        assert path.with_suffix(".py").is_file(), f"{where} serves {module}, which does not exist"


def assert_command_runs_something_real(name: str, command: str | list[str]) -> None:
    argv = argv_of(command)
    assert argv, f"service {name} has an empty command"
    program = argv[0]
    deps = dependency_names()
    if program in {"sh", "bash"}:
        script = ROOT / argv[1]
        assert script.is_file(), f"service {name} runs {argv[1]}, which is not in the repository"
        assert_wsgi_targets_exist(script.read_text(encoding="utf-8"), argv[1])
    elif program == "celery":
        assert "-A" in argv or "--app" in argv, f"service {name}: celery without -A"
        flag = "-A" if "-A" in argv else "--app"
        app_module = argv[argv.index(flag) + 1].split(":")[0]
        package = ROOT / Path(*app_module.split("."))
        assert (package / "celery.py").is_file() or package.with_suffix(".py").is_file(), (
            f"service {name} runs celery -A {app_module}, but {app_module}/celery.py is missing"
        )
        assert "celery" in deps, "celery is not a dependency in pyproject.toml"
        assert "gunicorn" in deps, "gunicorn is not a dependency in pyproject.toml"
    elif program == "gunicorn":
        assert "gunicorn" in deps, "gunicorn is not a dependency in pyproject.toml"
    elif program == "python":
        assert (ROOT / argv[1]).is_file(), f"service {name} runs python {argv[1]}: missing"
    else:
        pytest.fail(f"service {name} runs {program!r}, which this test does not know")
    assert_wsgi_targets_exist(" ".join(argv), f"service {name}")


# ---------------------------------------------------------------------------
# docker-compose.yml, Dockerfile, entrypoint
# ---------------------------------------------------------------------------
def test_compose_defines_every_service():
    assert set(services()) >= EXPECTED_SERVICES


def test_built_services_have_a_dockerfile():
    built = {name: svc for name, svc in services().items() if "build" in svc}
    assert set(built) >= APP_SERVICES
    for name, service in built.items():
        build = service["build"]
        context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
        dockerfile = (
            "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        )
        assert (context / dockerfile).is_file(), f"service {name} builds from a missing Dockerfile"


def test_every_service_command_runs_something_that_exists():
    # The app's own services; the images of others (MinIO, nginx) bring their programs.
    commands = {
        name: svc["command"]
        for name, svc in services().items()
        if "command" in svc and "build" in svc
    }
    assert set(commands) >= APP_SERVICES
    for web in WEB_SERVICES:
        assert argv_of(commands[web]) == ["sh", "docker/entrypoint-web.sh"]
    assert argv_of(commands["worker"])[:4] == ["celery", "-A", "config", "worker"]
    assert argv_of(commands["beat"])[:4] == ["celery", "-A", "config", "beat"]
    for name, command in commands.items():
        assert_command_runs_something_real(name, command)


def test_celery_has_a_redis_transport():
    deps = dependency_names()
    assert "redis" in deps or re.search(r"\[[^\]]*\bredis\b", deps["celery"]), (
        "REDIS_URL is the broker, but neither celery[redis] nor redis is a dependency"
    )


def test_entrypoint_migrates_then_execs_gunicorn():
    script = ENTRYPOINT.read_text(encoding="utf-8")
    migrate = script.index("manage.py migrate --noinput")
    gunicorn = script.index("exec gunicorn config.wsgi:application")
    assert migrate < gunicorn
    assert "set -e" in script, "a failed migration must stop the container"
    assert "0.0.0.0:8000" in script
    assert_wsgi_targets_exist(script, "docker/entrypoint-web.sh")


def test_dockerfile_copies_only_existing_files_and_serves_config_wsgi():
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    assert keywords[0] == "FROM" and instructions[0][1].startswith("python:3.12-slim-bookworm")
    assert "USER" in keywords, "the image must not run as root"

    copies = [args for keyword, args in instructions if keyword in {"COPY", "ADD"}]
    assert copies, "the Dockerfile copies nothing"
    for arguments in copies:
        parts = json_or_shell_args(arguments)
        if any(part.startswith("--from") for part in parts):
            continue  # copied from another build stage, not from the repository
        parts = [part for part in parts if not part.startswith("--")]
        *sources, _destination = parts
        for source in sources:
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"

    runs = " ".join(args for keyword, args in instructions if keyword == "RUN")
    assert "pip install ." in runs
    assert "collectstatic --noinput" in runs

    cmd = [args for keyword, args in instructions if keyword == "CMD"]
    assert len(cmd) == 1
    argv = json_or_shell_args(cmd[0])
    assert argv[:2] == ["gunicorn", "config.wsgi:application"]
    assert "0.0.0.0:8000" in " ".join(argv)
    assert_wsgi_targets_exist(" ".join(argv), "Dockerfile CMD")


def test_dockerignore_keeps_local_state_out_but_not_the_project():
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", ".git", "node_modules", "var", "staticfiles", "__pycache__"} <= ignored
    for needed in ("pyproject.toml", "manage.py", "config", "docker", "static", "templates"):
        assert needed not in ignored, f".dockerignore drops {needed}, which the image needs"


def test_app_services_get_database_broker_and_production_settings():
    all_services = services()
    for name in APP_SERVICES:
        env = environment_of(all_services[name])
        assert env.get("DJANGO_DEBUG") == "0", f"{name} must run with DJANGO_DEBUG=0"
        assert env.get("DATABASE_URL", "").startswith("postgres://"), f"{name}: DATABASE_URL"
        assert "@postgres:" in env["DATABASE_URL"], f"{name}: DATABASE_URL must use the postgres"
        assert env.get("REDIS_URL", "").startswith("redis://redis:"), f"{name}: REDIS_URL"
        # The secret comes from the caller's environment and is required, never a literal.
        assert env.get("DJANGO_SECRET_KEY", "").startswith("${DJANGO_SECRET_KEY:?"), name
        assert env.get("EMAIL_HOST") == "mailpit"
        assert env.get("LANSMEDEL_DATA_DIR") == "/data"
        depends = all_services[name].get("depends_on") or {}
        assert {"postgres", "redis"} <= set(depends), f"{name} must wait for postgres and redis"
        if isinstance(depends, dict):
            for dependency in ("postgres", "redis"):
                assert depends[dependency].get("condition") == "service_healthy"


def test_app_services_store_files_in_the_shared_bucket():
    all_services = services()
    for name in APP_SERVICES:
        env = environment_of(all_services[name])
        assert env.get("LANSMEDEL_S3_BUCKET"), f"{name} must store files in the bucket"
        assert env.get("LANSMEDEL_S3_ENDPOINT_URL", "").endswith("http://s3:9000}"), name
        assert env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"), name
        depends = all_services[name]["depends_on"]
        assert depends["s3-bucket"]["condition"] == "service_completed_successfully", name
    bucket_setup = " ".join(argv_of(all_services["s3-bucket"]["entrypoint"]))
    assert "mc mb --ignore-existing" in bucket_setup
    assert "mc anonymous set none" in bucket_setup, "the bucket must not be public"
    assert "healthcheck" in all_services["s3"]
    volume = all_services["s3"]["volumes"][0].split(":")[0]
    assert volume in (compose().get("volumes") or {}), "the bucket's data must be a named volume"


def test_two_web_nodes_answer_behind_the_proxy_and_only_one_migrates_at_a_time():
    all_services = services()
    proxy = all_services["proxy"]
    source, target = proxy["volumes"][0].split(":")[:2]
    assert (ROOT / source).resolve() == PROXY_CONFIG
    assert target.startswith("/etc/nginx/")
    config = PROXY_CONFIG.read_text(encoding="utf-8")
    upstreams = re.findall(r"^\s*server\s+([\w.-]+):8000\b", config, re.MULTILINE)
    assert set(upstreams) == WEB_SERVICES
    assert "proxy_pass http://lansmedel" in config
    assert re.search(r"client_max_body_size\s+1[0-9]m", config), "10 MB attachments must pass"
    assert {str(port) for port in proxy["ports"]} == {"8000:80"}
    assert not any("ports" in all_services[web] for web in WEB_SERVICES)
    assert all_services["web2"]["depends_on"]["web1"]["condition"] == "service_healthy"
    assert "healthcheck" in all_services["web1"]


def test_backing_services_have_healthchecks_and_persistent_postgres():
    all_services = services()
    for name in ("postgres", "redis"):
        assert "healthcheck" in all_services[name], f"{name} needs a healthcheck"
    assert "pg_isready" in " ".join(argv_of(all_services["postgres"]["healthcheck"]["test"]))
    volume = all_services["postgres"]["volumes"][0].split(":")[0]
    assert volume in (compose().get("volumes") or {}), "postgres data must be a named volume"
    ports = {str(port) for port in all_services["mailpit"].get("ports", [])}
    assert {"8025:8025", "1025:1025"} <= ports


# ---------------------------------------------------------------------------
# manage.py check --deploy with production values
# ---------------------------------------------------------------------------
def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LANSMEDEL_", "EMAIL_", "CELERY_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        DJANGO_ALLOWED_HOSTS="lansmedel.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        LANSMEDEL_DATA_DIR=str(tmp_path),
        # Production sends mail over SMTP; without EMAIL_HOST the console backend fails
        # mail.E001 in check --deploy.
        EMAIL_HOST="smtp.example.se",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    env = production_env(tmp_path)
    assert len(env["DJANGO_SECRET_KEY"]) == 64
    result = run_check_deploy(env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_check_deploy(production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_with_an_s3_bucket_pass_check_deploy(tmp_path):
    env = production_env(
        tmp_path,
        LANSMEDEL_S3_BUCKET="lansmedel",
        LANSMEDEL_S3_ENDPOINT_URL="http://s3.example.se:9000",
        AWS_ACCESS_KEY_ID="lansmedel",
        AWS_SECRET_ACCESS_KEY="lansmedel-secret",
    )
    result = run_check_deploy(env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output
