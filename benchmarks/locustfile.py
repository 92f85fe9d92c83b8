"""The last afternoon before a call closes: applicants start, save and submit applications
while the review group browses. Run by `benchmarks/load.py` (`make load`), which writes the
plan this file reads (BENCH_LOAD_PLAN: log-ins, calls, pages) and starts gunicorn."""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
PASSWORD = PLAN["password"]
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
    wait_time = between(5, 15)  # reading and typing between saves

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
    wait_time = between(5, 15)

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
