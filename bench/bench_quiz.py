"""Benchmark quiz submission under gunicorn against a trivial endpoint on the same server.

    .venv/bin/python bench/bench_quiz.py [--seconds 5] [--clients 16] [--workers 2]

Both phases run in the same run on the same server (gunicorn, sync workers, 127.0.0.1):
the baseline is GET /train/api/health (a JSON hello); the measured request is
POST /train/api/attempts/<id>/submit: session check, CSRF check, grading the frozen
snapshot, and the attempt update plus its audit row in one transaction. Attempts are
started beforehand with the app's own `start_attempt` (one per person and module), so the
timed phase is submissions only. Afterwards every acknowledged submission must be in the
database exactly once. The load generator is Python: processes of threads with http.client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "benchmark password"


def write_catalogue(target: Path, people: int, modules: int) -> None:
    """The small fixture catalogue plus bench people and copies of one module."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", target)
    for i in range(people):
        (target / "people" / f"bench-{i}.yml").write_text(
            f"name: Bench Person {i}\nemail: bench-{i}@bench.example\nroles: [sdr]\nmanager: ada\n"
        )
    source = (target / "training" / "lead-routing-basics.yml").read_text()
    source = source.replace("roles: [sdr]", "roles: []").replace(
        "max_attempts: 3", "max_attempts: null"
    )
    for m in range(modules):
        (target / "training" / f"bench-module-{m}.yml").write_text(
            source.replace("title: Lead routing basics", f"title: Bench module {m}")
        )


def prepare(data: Path, content: Path, people: int, modules: int) -> dict[str, list[list]]:
    """Accounts with passwords and open attempts; per email, (attempt id, answers) pairs."""
    from catalog import load_catalog
    from quiz_server import accounts
    from quiz_server.attempts import start_attempt
    from quiz_server.db import connect, migrate

    migrate(data / "training.db")
    catalog = load_catalog(content, cache=False)
    db = connect(data / "training.db")
    now = dt.datetime.now(dt.UTC)
    rng = random.Random(1)
    work: dict[str, list[list]] = {}
    with db.atomic():
        for i in range(people):
            person = catalog.people[f"bench-{i}"]
            token = accounts.invite(db, catalog, person.id, now, "bench")
            accounts.use_token(db, token, "invite", now, PASSWORD, "scrypt")
            pairs = work.setdefault(person.email, [])
            for m in range(modules):
                module = catalog.training[f"bench-module-{m}"]
                attempt_id, _ = start_attempt(db, catalog, module, person.id, now, rng)
                snap = json.loads(
                    next(db.query("select snapshot from attempts where id = ?", [attempt_id]))[
                        "snapshot"
                    ]
                )
                answers = {
                    q["id"]: q["order"]
                    if q["type"] == "ordering"
                    else [o["token"] for o in q["options"] if o["correct"]]
                    for q in snap["questions"]
                }
                pairs.append([attempt_id, answers])
    db.close()
    return work


class Client:
    """One keep-alive connection (reopened when the server closes it) with a session."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookie = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, form: bool = False):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = (
                "application/x-www-form-urlencoded" if form else "application/json"
            )
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, data

    def sign_in(self, email: str) -> None:
        _, page = self.request("GET", "/train/auth/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = f"csrf_token={token}&email={email}&password={PASSWORD.replace(' ', '+')}"
        status, _ = self.request("POST", "/train/auth/login", form.encode(), form=True)
        assert status == 303, status
        self.csrf = json.loads(self.request("GET", "/train/api/me")[1])["csrf_token"]


def load_process(port: int, jobs: list, seconds: float, phase: str, start_at: float, out) -> None:
    """Run one thread per job until time is up; send back latencies and acknowledged IDs."""
    import threading

    results: list[tuple[list[float], list[str], int]] = []

    def run(job) -> None:
        client = Client(port)
        latencies: list[float] = []
        acked: list[str] = []
        errors = 0
        if phase == "submit":
            client.sign_in(job[0])
            queue = job[1]
        while time.time() < start_at:
            time.sleep(0.001)
        deadline = start_at + seconds
        while time.time() < deadline:
            if phase == "submit":
                if not queue:
                    break
                attempt_id, answers = queue.pop()
                body = json.dumps({"answers": answers}).encode()
                path = f"/train/api/attempts/{attempt_id}/submit"
                began = time.perf_counter()
                status, _ = client.request("POST", path, body)
            else:
                began = time.perf_counter()
                status, _ = client.request("GET", "/train/api/health")
            latencies.append(time.perf_counter() - began)
            if status == 200:
                if phase == "submit":
                    acked.append(attempt_id)
            else:
                errors += 1
        results.append((latencies, acked, errors))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


def phase(port: int, jobs: list, seconds: float, name: str, processes: int) -> dict:
    """Spread the clients over a few processes (one interpreter cannot drive 16 alone)."""
    queue: mp.Queue = mp.Queue()
    start_at = time.time() + 1.5
    groups = [jobs[i::processes] for i in range(processes)]
    procs = [
        mp.Process(target=load_process, args=(port, g, seconds, name, start_at, queue))
        for g in groups
        if g
    ]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in queue.get(timeout=seconds + 120)]
    for p in procs:
        p.join()
    latencies = sorted(x for lat, _, _ in results for x in lat)
    acked = [a for _, ack, _ in results for a in ack]
    errors = sum(e for _, _, e in results)
    elapsed = min(seconds, max(latencies and [sum(lat) for lat, _, _ in results] or [seconds]))
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds if elapsed >= seconds else len(latencies) / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else 0,
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "errors": errors,
        "acked": acked,
    }


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by a process group's processes (gunicorn master and workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # process group
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def sign_in_cost(port: int, email: str, pid: int) -> float:
    """Server CPU seconds one password sign-in takes."""
    before = server_cpu(pid)
    Client(port).sign_in(email)
    return server_cpu(pid) - before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--processes", type=int, default=4, help="load generator processes")
    parser.add_argument("--modules", type=int, default=700, help="open attempts per client")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-quiz-"))
    content, data = tmp / "content", tmp / "data"
    write_catalogue(content, args.clients, args.modules)
    began = time.perf_counter()
    work = prepare(data, content, args.clients, args.modules)
    print(
        f"prepared {args.clients * args.modules} open attempts in "
        f"{time.perf_counter() - began:.1f} s"
    )
    port = free_port()
    env = {
        **os.environ,
        "PLAYBOOK_ENV": "development",
        "PLAYBOOK_DATA_DIR": str(data),
        "PLAYBOOK_CONTENT": str(content),
        "PLAYBOOK_SECRET_KEY": "bench",
        "SCRIPT_NAME": "/train",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "-w",
            str(args.workers),
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "quiz_server:create_app()",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                if Client(port).request("GET", "/train/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        signins = sign_in_cost(port, next(iter(work)), server.pid) * args.clients
        cpu = server_cpu(server.pid)
        base = phase(port, [None] * args.clients, args.seconds, "health", args.processes)
        base["cpu_ms"] = 1000 * (server_cpu(server.pid) - cpu) / max(1, base["requests"])
        jobs = [[email, pairs] for email, pairs in work.items()]
        cpu = server_cpu(server.pid)
        sub = phase(port, jobs, args.seconds, "submit", args.processes)
        # Less the 16 sign-ins before the timed phase (scrypt, measured separately).
        sub["cpu_ms"] = 1000 * (server_cpu(server.pid) - cpu - signins) / max(1, sub["requests"])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    from quiz_server.db import connect

    db = connect(data / "training.db")
    stored = {r["id"] for r in db.query("select id from attempts where status = 'submitted'")}
    audits: dict[str, int] = {}
    for r in db.query("select subject from audit_log where action = 'attempt.submitted'"):
        audits[r["subject"]] = audits.get(r["subject"], 0) + 1
    db.close()
    lost = [a for a in sub["acked"] if a not in stored]
    duplicated = [a for a, n in audits.items() if n > 1] + [
        a for a in set(sub["acked"]) if sub["acked"].count(a) > 1
    ]
    print(
        f"gunicorn {args.workers} sync workers, {args.clients} clients, "
        f"{args.seconds:g} s per phase, {os.cpu_count()} CPUs"
    )
    for name, r in (("baseline GET /api/health", base), ("POST submit", sub)):
        print(
            f"{name:26} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f} ms  "
            f"p99 {r['p99_ms']:6.1f} ms  server CPU {r['cpu_ms']:.2f} ms/request  "
            f"({r['requests']} requests, {r['errors']} errors)"
        )
    ratio = sub["rps"] / base["rps"] if base["rps"] else 0
    print(
        f"submission / baseline: {ratio:.0%} (target >= 60%); "
        f"p99 {sub['p99_ms']:.1f} ms (target < 50 ms)"
    )
    print(
        f"acknowledged {len(sub['acked'])}, stored {len(stored)}, lost {len(lost)}, "
        f"duplicated {len(duplicated)}"
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if lost or duplicated or sub["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
