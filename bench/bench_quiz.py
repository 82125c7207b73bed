"""Benchmark quiz submission under gunicorn against a trivial endpoint on the same server.

    .venv/bin/python bench/bench_quiz.py [--seconds 2] [--rounds 3] [--clients 16]
                                         [--workers 2] [--attempts N]
                                         [--generator auto|wrk|python]

Both phases run in the same run on the same server (gunicorn, sync workers, 127.0.0.1):
the baseline is GET /train/api/health (a JSON hello); the measured request is
POST /train/api/attempts/<id>/submit: session check, CSRF check, grading the frozen
snapshot, and the attempt update plus its audit row in one transaction. Attempts are
started beforehand with the app's own `start_attempt` (one per person and module), so the
timed phase is submissions only. Afterwards every acknowledged submission must be in the
database exactly once, and no attempt may be acknowledged twice.

The load generator is `wrk` when it is installed (`apt-get install wrk`): one thread, one
Lua state, costing the 2 cores little; each submission is a distinct prepared attempt with
its person's session cookie, CSRF header and body, and the attempt ID of every 2xx answer
is read back from its body. Without wrk it falls back to Python (processes of threads with
http.client), which itself eats a large share of the CPU; the report names the generator.
Both phases always use the same generator against the same gunicorn, and alternate round by
round (baseline, submission, baseline, ...) so that other load on a shared machine weighs on
both alike. PLAYBOOK_SYNCHRONOUS is passed on to the server (the app's default, NORMAL, unless set).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import math
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

    results: list[tuple[list[float], list[str], int, bool]] = []

    def run(job) -> None:
        client = Client(port)
        latencies: list[float] = []
        acked: list[str] = []
        errors = 0
        exhausted = False
        if phase == "submit":
            client.sign_in(job[0])
            queue = job[1]
        while time.time() < start_at:
            time.sleep(0.001)
        deadline = start_at + seconds
        while time.time() < deadline:
            if phase == "submit":
                if not queue:
                    exhausted = True
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
        results.append((latencies, acked, errors, exhausted))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


def python_phase(port: int, jobs: list, seconds: int, name: str, processes: int) -> dict:
    """One timed phase with the Python generator, its clients spread over a few processes
    (one interpreter cannot drive 16 alone)."""
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
    return {
        "requests": sum(len(lat) for lat, _, _, _ in results),
        "seconds": seconds,
        "errors": sum(e for _, _, e, _ in results),
        "latency_us": collections.Counter(round(x * 1e6) for lat, _, _, _ in results for x in lat),
        "acked": [a for _, ack, _, _ in results for a in ack],
        "exhausted": any(ex for _, _, _, ex in results),
    }


# One Lua state per wrk thread. BENCH_REQUESTS, when set, holds one prepared submission a
# line (path, cookie, CSRF token, body, tab-separated); thread k of n sends lines k, k+n,
# ..., each once, and a thread that runs out stops and says so. Without it every request is
# GET BENCH_PATH. done() writes the acknowledged attempt IDs, 1,000 latency quantiles
# (microseconds) and the totals to BENCH_OUT.
WRK_SCRIPT = r"""
local threads, count = {}, 0

function setup(thread)
  thread:set("index", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  path = os.getenv("BENCH_PATH")
  prepared, sent, acked, exhausted = {}, 0, {}, 0
  local file = os.getenv("BENCH_REQUESTS")
  submitting = file ~= nil
  if file then
    local n, i = tonumber(os.getenv("BENCH_THREADS")), 0
    for line in io.lines(file) do
      if i % n == index then
        local p, cookie, csrf, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        prepared[#prepared + 1] = wrk.format("POST", p, {
          ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json",
        }, body)
      end
      i = i + 1
    end
  end
end

function request()
  if not submitting then
    return wrk.format("GET", path)
  end
  if sent == #prepared then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", path)
  end
  sent = sent + 1
  return prepared[sent]
end

function response(status, headers, body)
  if status >= 200 and status < 300 and body then
    -- Flask sorts keys: the first "id" of a submit answer is the attempt's.
    local id = body:match('"id":%s*"([^"]+)"')
    if id then acked[#acked + 1] = id end
  end
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  local e = summary.errors
  local ran_out = 0
  for _, thread in ipairs(threads) do
    for _, id in ipairs(thread:get("acked")) do out:write("A ", id, "\n") end
    ran_out = ran_out + thread:get("exhausted")
  end
  if summary.requests > 0 then
    for i = 1, 1000 do out:write("Q ", latency:percentile((i - 0.5) / 10), "\n") end
  end
  out:write(string.format("S %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, ran_out))
  out:close()
end
"""


def wrk_phase(wrk: str, port: int, seconds: int, clients: int, tmp: Path, requests: Path | None):
    """One timed phase with wrk: GET /train/api/health, or the prepared submissions."""
    script, out = tmp / "bench.lua", tmp / "wrk-out.txt"
    script.write_text(WRK_SCRIPT)
    env = {
        **os.environ,
        "BENCH_PATH": "/train/api/health",
        "BENCH_THREADS": "1",
        "BENCH_OUT": str(out),
    }
    if requests is not None:
        env["BENCH_REQUESTS"] = str(requests)
    url = f"http://127.0.0.1:{port}/train/api/health"
    command = [wrk, "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    done = subprocess.run(
        [*command, url], env=env, capture_output=True, text=True, timeout=seconds + 60
    )
    if done.returncode:
        raise SystemExit(f"wrk failed:\n{done.stdout}{done.stderr}")
    result: dict = {"latency_us": collections.Counter(), "acked": []}
    quantiles = []
    for line in out.read_text().splitlines():
        kind, *fields = line.split()
        if kind == "A":
            result["acked"].append(fields[0])
        elif kind == "Q":
            quantiles.append(round(float(fields[0])))
        else:
            count, duration_us, errors, ran_out = map(int, fields)
    # wrk gives percentiles, not samples: its 1,000 quantiles stand for the round's
    # requests, so that rounds merge (to within 0.1% of rank).
    for us in quantiles:
        result["latency_us"][us] += count / len(quantiles)
    # A phase that ran out of attempts stopped early: its rate would be meaningless.
    result.update(requests=count, seconds=duration_us / 1e6, errors=errors, exhausted=bool(ran_out))
    return result


def request_files(port: int, work: dict[str, list[list]], tmp: Path, rounds: int) -> list[Path]:
    """Sign everyone in; per round, a file of one submission a line, people interleaved."""
    lines: list[list[str]] = []
    for email, pairs in work.items():
        client = Client(port)
        client.sign_in(email)
        lines.append(
            [
                f"/train/api/attempts/{attempt_id}/submit\t{client.cookie}\t{client.csrf}\t"
                + json.dumps({"answers": answers}, separators=(",", ":"))
                for attempt_id, answers in pairs
            ]
        )
    ordered = [line for row in zip(*lines, strict=True) for line in row]
    files = []
    for r in range(rounds):
        files.append(tmp / f"requests-{r}.txt")
        files[-1].write_text("".join(line + "\n" for line in ordered[r::rounds]))
    return files


def summary(rounds: list[dict], cpu_seconds: float) -> dict:
    """Rounds of one phase merged: requests per second, exact p50 and p99, CPU per request."""
    requests = sum(r["requests"] for r in rounds)
    latency: collections.Counter = sum((r["latency_us"] for r in rounds), collections.Counter())

    def percentile(p: float) -> float:
        rank, seen = p * (requests - 1), 0
        for us in sorted(latency):
            seen += latency[us]
            if seen > rank:
                return us / 1000
        return 0.0

    return {
        "requests": requests,
        "rps": requests / sum(r["seconds"] for r in rounds),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "errors": sum(r["errors"] for r in rounds),
        "acked": [a for r in rounds for a in r["acked"]],
        "exhausted": any(r["exhausted"] for r in rounds),
        "cpu_ms": 1000 * cpu_seconds / max(1, requests),
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


def start_server(port: int, workers: int, data: Path, content: Path) -> subprocess.Popen:
    """gunicorn with sync workers on 127.0.0.1, in its own process group."""
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
        [str(gunicorn), "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "quiz_server:create_app()"],
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            if Client(port).request("GET", "/train/api/health")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer within 30 s")


def run_phases(args, wrk: str | None, port: int, pid: int, work: dict, tmp: Path):
    """Baseline and submission, alternating round by round so that both see the same
    machine (other load on a shared machine drifts); their merged results."""
    timed: dict[str, list[dict]] = {"base": [], "sub": []}
    cpu = {"base": 0.0, "sub": 0.0}
    if wrk:
        files = request_files(port, work, tmp, args.rounds)
    else:
        signins = sign_in_cost(port, next(iter(work)), pid) * args.clients
        jobs = [[email, pairs] for email, pairs in work.items()]
    for r in range(args.rounds):
        for name in ("base", "sub"):
            before = server_cpu(pid)
            if wrk:
                requests = files[r] if name == "sub" else None
                result = wrk_phase(wrk, port, args.seconds, args.clients, tmp, requests)
            elif name == "base":
                jobs_now = [None] * args.clients
                result = python_phase(port, jobs_now, args.seconds, "health", args.processes)
            else:
                jobs_now = [[email, pairs[r :: args.rounds]] for email, pairs in jobs]
                result = python_phase(port, jobs_now, args.seconds, "submit", args.processes)
            spent = server_cpu(pid) - before
            if not wrk and name == "sub":
                spent -= signins  # the sign-ins before the timed part (scrypt)
            timed[name].append(result)
            cpu[name] += spent
    return summary(timed["base"], cpu["base"]), summary(timed["sub"], cpu["sub"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=2, help="length of each timed round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of baseline then submit")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--processes", type=int, default=4, help="Python load generator processes")
    parser.add_argument(
        "--attempts", type=int, help="open attempts to prepare (default: 3,500 per second)"
    )
    parser.add_argument(
        "--generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk when installed (auto), or the Python one",
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk") if args.generator != "python" else None
    if args.generator == "wrk" and wrk is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    wanted = args.attempts or 3500 * args.seconds * args.rounds
    per_client = math.ceil(wanted / args.clients)
    tmp = Path(tempfile.mkdtemp(prefix="bench-quiz-"))
    content, data = tmp / "content", tmp / "data"
    write_catalogue(content, args.clients, per_client)
    began = time.perf_counter()
    work = prepare(data, content, args.clients, per_client)
    print(
        f"prepared {args.clients * per_client} open attempts in {time.perf_counter() - began:.1f} s"
    )
    port = free_port()
    server = start_server(port, args.workers, data, content)
    try:
        base, sub = run_phases(args, wrk, port, server.pid, work, tmp)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    from quiz_server.db import connect

    db = connect(data / "training.db")
    stored = {r["id"] for r in db.query("select id from attempts where status = 'submitted'")}
    audits = collections.Counter(
        r["subject"]
        for r in db.query("select subject from audit_log where action = 'attempt.submitted'")
    )
    db.close()
    acked = collections.Counter(sub["acked"])
    lost = [a for a in acked if a not in stored]
    duplicated = [a for a, n in audits.items() if n > 1] + [a for a, n in acked.items() if n > 1]
    # Nothing else submits, so every stored submission was sent by the generator; only the
    # requests in flight when a wrk round stops (one per connection) may go unanswered.
    unanswered = [a for a in stored if a not in acked]
    generator = f"wrk ({wrk}, 1 thread)" if wrk else "Python threads + http.client"
    synchronous = os.environ.get("PLAYBOOK_SYNCHRONOUS", "NORMAL").upper()
    print(
        f"gunicorn {args.workers} sync workers, {args.clients} clients, {args.rounds} rounds "
        f"of {args.seconds} s per phase, {os.cpu_count()} CPUs, SQLite synchronous="
        f"{synchronous}, load generator: {generator}"
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
        f"2xx answers {len(sub['acked'])}, submitted rows {len(stored)}, lost {len(lost)}, "
        f"duplicated {len(duplicated)}, stored but unanswered when a round stopped "
        f"{len(unanswered)} (at most {args.clients * args.rounds})"
    )
    if sub["exhausted"]:
        print("the prepared attempts ran out: run again with a larger --attempts")
    shutil.rmtree(tmp, ignore_errors=True)
    unexplained = len(unanswered) > args.clients * args.rounds
    failed = lost or duplicated or unexplained or sub["errors"] or sub["exhausted"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
