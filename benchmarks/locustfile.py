"""The last afternoon before a call closes: applicants start, save and submit applications
while the review group browses. Run by `benchmarks/load.py` (`make load`), which writes the
plan this file reads (BENCH_LOAD_PLAN: log-ins, calls, pages, stages) and starts gunicorn.

One Locust run has three parts (`StagedLoad`, the stages come from the plan):

* **floor**: as many users, with the same think time and the same number of requests per
  burst, logged in the same way, fetching the bare floor view (`benchmarks/views.py`) behind
  the same middleware and gunicorn workers: what the server does when pages cost nothing;
* **mix**: the deadline-day mix at the same number of users;
* **steps**: the mix at a rising number of users (by default 50, 100, … 400).

Every request is counted in the stage it ends in, and not while users are being started or
stopped at the beginning of a stage (`settle`). The counts and response times per stage are
written as JSON to BENCH_LOAD_RESULTS when Locust quits; `load.py` prints them.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
PASSWORD = PLAN["password"]
THINK = between(5, 15)  # reading and typing between bursts
_pk = re.compile(r"/ansokningar/(\d+)/")


def _log_in(user: HttpUser, email: str) -> None:
    user.client.get("/logga-in/", name="log in (form)")
    token = user.client.cookies.get("csrftoken", "")
    with user.client.post(
        "/logga-in/",
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="log in",
        catch_response=True,
    ) as response:
        if "/logga-in/" in response.url:
            response.failure(f"log-in refused for {email}")


def _post(user: HttpUser, url: str, data: dict, name: str):
    data = {**data, "csrfmiddlewaretoken": user.client.cookies.get("csrftoken", "")}
    return user.client.post(url, data, name=name)


class Applicant(HttpUser):
    """Saves a draft a few times while writing, then submits it."""

    weight = PLAN["applicant_weight"]
    wait_time = THINK

    def on_start(self) -> None:
        self.me = random.choice(PLAN["applicants"])
        _log_in(self, self.me["email"])

    def _fields(self, n: int) -> dict:
        amount = random.randint(5, 40) * 10_000
        return {
            "contact_name": "Kontaktperson",
            "contact_email": "kontakt@example.se",
            "focus_area": self.me["focus_area"],
            "title": f"Lasttest {n}",
            "description": "Insatsen beskrivs här. " * 20,
            "purpose": "Syftet och målen. " * 10,
            "target_group": "Unga vuxna i länet.",
            "kind": "new",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "amount_requested": str(amount),
            "budget-TOTAL_FORMS": "2",
            "budget-INITIAL_FORMS": "0",
            "budget-MIN_NUM_FORMS": "0",
            "budget-MAX_NUM_FORMS": "1000",
            "budget-0-cost_kind": "salaries",
            "budget-0-amount": str(amount // 2),
            "budget-1-cost_kind": "activities",
            "budget-1-amount": str(amount - amount // 2),
        }

    @task(4)
    def write_and_submit(self) -> None:
        self.client.get("/ansokningar/", name="my applications")
        self.client.get(self.me["call_url"], name="call")
        response = _post(
            self,
            self.me["start_url"],
            {"organisation": self.me["organisation"]},
            name="start application",
        )
        match = _pk.search(response.url or "")
        if not match:
            return
        pk = match.group(1)
        fields = self._fields(int(pk))
        for typed in (4, 8, len(fields)):
            _post(
                self,
                f"/ansokningar/{pk}/autospara/",
                dict(list(fields.items())[:typed]),
                name="autosave draft",
            )
        response = _post(
            self, f"/ansokningar/{pk}/redigera/", {**fields, "submit": "1"}, name="submit"
        )
        if f"/ansokningar/{pk}/" in (response.url or ""):
            self.client.get(f"/ansokningar/{pk}/", name="application detail (applicant)")

    @task(1)
    def look_around(self) -> None:
        self.client.get("/ansokningar/", name="my applications")
        self.client.get("/utlysningar/", name="calls")


class ReviewGroup(HttpUser):
    """Browses the overview and the applications of its county."""

    weight = PLAN["reviewer_weight"]
    wait_time = THINK

    def on_start(self) -> None:
        self.me = random.choice(PLAN["reviewers"])
        _log_in(self, self.me["email"])

    @task(3)
    def overview(self) -> None:
        self.client.get(self.me["overview_url"], name="review overview")

    @task(4)
    def application(self) -> None:
        self.client.get(random.choice(self.me["application_urls"]), name="application detail")

    @task(1)
    def review_list(self) -> None:
        self.client.get(self.me["review_list_url"], name="review list")


# The floor's users: the same log-ins, think time and requests per burst as the mix, each
# request the floor view of about the size of the page it stands for (bytes).
FLOOR_SIZES = {"page": 60_000, "small": 1}  # "small": the base page alone (autosave's answer)


def _floor(user: HttpUser, kind: str) -> None:
    user.client.get(f"/__bench__/floor/{FLOOR_SIZES[kind]}/", name=f"floor ({kind})")


class FloorApplicant(HttpUser):
    weight = PLAN["applicant_weight"]
    wait_time = THINK

    def on_start(self) -> None:
        _log_in(self, random.choice(PLAN["applicants"])["email"])

    @task(4)
    def write_and_submit(self) -> None:
        # my applications, call, start, three autosaves, submit, the application
        for kind in ("page", "page", "page", "small", "small", "small", "page", "page"):
            _floor(self, kind)

    @task(1)
    def look_around(self) -> None:
        _floor(self, "page")
        _floor(self, "page")


class FloorReviewGroup(HttpUser):
    weight = PLAN["reviewer_weight"]
    wait_time = THINK

    def on_start(self) -> None:
        _log_in(self, random.choice(PLAN["reviewers"])["email"])

    @task
    def page(self) -> None:
        _floor(self, "page")


KINDS = {"floor": [FloorApplicant, FloorReviewGroup], "mix": [Applicant, ReviewGroup]}


class StagedLoad(LoadTestShape):
    """The plan's stages one after the other: {"label", "kind", "users", "seconds"}."""

    stages = PLAN["stages"]
    spawn_rate = PLAN["spawn_rate"]

    def current(self) -> tuple[dict | None, float]:
        """The stage now and how long it has run (None after the last)."""
        elapsed = self.get_run_time()
        for stage in self.stages:
            if elapsed < stage["seconds"]:
                return stage, elapsed
            elapsed -= stage["seconds"]
        return None, 0.0

    def tick(self):
        stage, _ = self.current()
        if stage is None:
            return None
        return stage["users"], self.spawn_rate, KINDS[stage["kind"]]


RESULTS: dict[str, dict] = {}


def _stage_now() -> dict | None:
    shape = StagedLoad._instance
    if shape is None:
        return None
    stage, elapsed = shape.current()
    if stage is None or elapsed < stage["settle"]:
        return None
    return stage


@events.init.add_listener
def _keep_shape(environment, **kwargs) -> None:
    StagedLoad._instance = environment.shape_class


StagedLoad._instance = None


@events.request.add_listener
def _count(request_type, name, response_time, response_length, exception=None, **kwargs):
    stage = _stage_now()
    if stage is None:
        return
    if stage["kind"] == "floor" and not name.startswith(("floor", "log in")):
        return  # a mix user still finishing its burst
    if stage["kind"] == "mix" and name.startswith("floor"):
        return
    entry = RESULTS.setdefault(
        stage["label"],
        {"kind": stage["kind"], "users": stage["users"], "times": {}, "errors": {}},
    )
    entry["times"].setdefault(name, []).append(round(response_time, 1))
    if exception is not None:
        entry["errors"][name] = entry["errors"].get(name, 0) + 1


@events.quitting.add_listener
def _write(environment, **kwargs) -> None:
    for stage in PLAN["stages"]:
        if stage["label"] in RESULTS:
            RESULTS[stage["label"]]["seconds"] = stage["seconds"] - stage["settle"]
    path = os.environ.get("BENCH_LOAD_RESULTS")
    if path:
        Path(path).write_text(json.dumps(RESULTS), encoding="utf-8")
