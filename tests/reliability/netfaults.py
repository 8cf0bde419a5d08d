"""A chaos bureau website on loopback, and a crawl loop that counts every injected fault.

The site serves a listing of real reports (as HTML articles with ETags). While faults are
on, each request may get, at random: a 5xx burst (500/502/503/504 for the next 1-4
requests of that path), a connection reset mid-body, a body truncated short of its
Content-Length, a slow drip (slower than the fetcher's wall-clock budget) or a reset
before any response. The listing also links a report on a host that does not resolve
(DNS failure) and one on a self-signed HTTPS server (TLS failure).

`run_network_soak` crawls with the real `Fetcher` + `crawl` (tiny backoff so it is fast)
until the fault budget is spent, then crawls once more with the faults off, and checks:
no crawl raises; every linked report ends fetched (bytes identical to what the server
holds: a truncated body is never accepted) or recorded as failed/refused with a reason;
a report that failed is requested again by the next crawl; nothing with a cookie or a
credential lands in the fetch log or the archive.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import random
import shutil
import socket
import struct
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from orchestration.acquire.archive import Archive
from orchestration.acquire.crawl import crawl
from orchestration.acquire.crawl_result import FAILED, NEW, REFUSED, UNCHANGED
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.intake import SourceRecord, now_iso, read_intake, stage_bytes
from orchestration.acquire.publishers import Publisher
from orchestration.acquire.validators import ValidatorStore
from tests.fixtures.site import self_signed_tls_context
from tests.reliability.harness import REPORTS

FAULTS = ("5xx_burst", "reset_mid_body", "truncated", "slow_drip", "reset_before_response")
DNS_HOST = "bureau-dns-failure.invalid"
SECRET_COOKIE = "sid=chaos-secret-cookie-4711"


@dataclass
class ChaosSite:
    host: str = "127.0.0.1"
    port: int = 0
    fault_rate: float = 0.0
    rng: random.Random = field(default_factory=random.Random)
    resources: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    bursts: dict[str, int] = field(default_factory=dict)
    injected: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def pick_fault(self, path: str) -> str | None:
        with self.lock:
            self.requests[path] += 1
            if self.bursts.get(path, 0) > 0:
                self.bursts[path] -= 1
                self.injected["5xx_burst"] += 1
                return "5xx"
            if path == "/robots.txt" or self.fault_rate <= 0:
                return None
            rate = self.fault_rate / 3 if path.endswith("index.html") else self.fault_rate
            if self.rng.random() >= rate:
                return None
            fault = self.rng.choice(FAULTS)
            if fault == "5xx_burst":
                self.bursts[path] = self.rng.randrange(0, 4)
                self.injected[fault] += 1
                return "5xx"
            self.injected[fault] += 1
            return fault


def _article(title: str, body: str) -> bytes:
    paras = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in body.splitlines() if line.strip())
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><div class='top'>首页 | 政务公开 | 电话:0592-2022925</div><h1>{html.escape(title)}</h1>"
        f"<div class='content'>{paras}</div><div class='footer'>闽ICP备05002390号-1</div></body></html>"
    ).encode()


def build_chaos_site(site: ChaosSite, n_articles: int, tls_port: int | None) -> list[str]:
    """Fill `site` with a listing and articles; return the report URLs the listing links."""
    seeds = sorted(REPORTS.glob("*.txt"))
    links, urls = [], []
    for i in range(n_articles):
        seed = seeds[i % len(seeds)]
        title = f"厦门市科学技术局工作总结({i:03d})"
        path = f"/art/2024/t20240{i % 9 + 1}01_{i:05d}.html"
        body = _article(title, seed.read_text(encoding="utf-8") + f"\n文章编号 {i}。")
        site.resources[path] = (body, "text/html; charset=utf-8")
        links.append((path, title))
        urls.append(site.url(path))
    links.append((f"http://{DNS_HOST}/art/t20240101_1.html", "域名解析失败的工作报告"))
    urls.append(f"http://{DNS_HOST}/art/t20240101_1.html")
    if tls_port:
        links.append((f"https://{site.host}:{tls_port}/art/t20240101_2.html", "证书无效的工作报告"))
        urls.append(f"https://{site.host}:{tls_port}/art/t20240101_2.html")
    lis = "\n".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in links)
    listing = f"<html><head><meta charset='utf-8'></head><body><ul class='list'>{lis}</ul></body></html>"
    site.resources["/list/index.html"] = (listing.encode(), "text/html; charset=utf-8")
    site.resources["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
    return urls


def _handler(site: ChaosSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - silence
            pass

        def _headers(self, status: int, ctype: str, length: int, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
            self.send_header("Set-Cookie", SECRET_COOKIE + "; Path=/")
            if status == 302:
                self.send_header("Location", site.resources[self.path.split("?", 1)[0]][0].decode())
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()

        def _rst(self) -> None:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def do_GET(self):  # noqa: N802
            path = self.path.split("?", 1)[0]
            res = site.resources.get(path)
            if res is None:
                body = b"not found"
                self._headers(404, "text/plain", len(body))
                self.wfile.write(body)
                return
            body, ctype = res
            if ctype == "redirect":
                self._headers(302, "text/plain", 0)
                self.wfile.write(b"")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            fault = site.pick_fault(path)
            try:
                if fault == "5xx":
                    msg = b"server busy"
                    self._headers(site.rng.choice([500, 502, 503, 504]), "text/plain", len(msg))
                    self.wfile.write(msg)
                elif fault == "reset_before_response":
                    self._rst()
                elif fault == "reset_mid_body":
                    self._headers(200, ctype, len(body), etag)
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self._rst()
                elif fault == "truncated":
                    self._headers(200, ctype, len(body) + 1000, etag)
                    self.wfile.write(body[: max(1, len(body) - 200)])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                elif fault == "slow_drip":
                    self._headers(200, ctype, len(body), etag)
                    for i in range(0, len(body), 64):
                        self.wfile.write(body[i : i + 64])
                        self.wfile.flush()
                        time.sleep(0.05)
                else:
                    if self.headers.get("If-None-Match") == etag:
                        self._headers(304, ctype, 0, etag)
                        return
                    self._headers(200, ctype, len(body), etag)
                    self.wfile.write(body)
            except OSError:
                self.close_connection = True

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # clients hanging up are expected
        pass


@contextlib.contextmanager
def serve(site: ChaosSite, tls_folder: Path | None = None):
    """Run the chaos site (and, if openssl exists, a self-signed HTTPS server) in threads."""
    server = _Server((site.host, 0), _handler(site))
    site.port = server.server_address[1]
    threads = [threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)]
    servers = [server]
    tls_port = None
    if tls_folder is not None and shutil.which("openssl"):
        ctx = self_signed_tls_context(tls_folder)
        tls = _Server((site.host, 0), _handler(site))
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        tls_port = tls.server_address[1]
        servers.append(tls)
        threads.append(
            threading.Thread(target=tls.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        )
    for t in threads:
        t.start()
    try:
        yield tls_port
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()


FAST = FetchConfig(
    connect_timeout=1.0,
    read_timeout=0.5,
    total_timeout=0.25,  # a slow drip (~1-5 s per article) never completes
    max_attempts=2,
    backoff_base=0.005,
    backoff_max=0.02,
    requests_per_second=10_000.0,
)


def run_network_soak(
    faults: int, *, seed: int = 1, work: Path | None = None, fault_rate: float = 0.45
) -> dict:
    """Crawl under faults until `faults` were injected, then once clean. Returns counts; losses must be 0."""
    work = Path(work or tempfile.mkdtemp(prefix="netsoak-"))
    if (work / "net").exists():
        shutil.rmtree(work / "net")
    (work / "net" / "tls").mkdir(parents=True)
    root = work / "net" / "warehouse"  # intake + archive, as a loader would keep them
    archive = Archive.under(root)
    site = ChaosSite(rng=random.Random(seed), fault_rate=fault_rate)
    problems: list[str] = []
    stats = Counter()
    with serve(site, work / "net" / "tls") as tls_port:
        urls = build_chaos_site(site, 12, tls_port)
        truth = {
            site.url(p): hashlib.sha256(b).hexdigest()
            for p, (b, _) in site.resources.items()
            if p.startswith("/art/")
        }
        publisher = Publisher.adhoc(
            [site.url("/list/index.html")], allow_private_addresses=True, extra_hosts=[DNS_HOST]
        )
        validators = ValidatorStore()
        loaded: dict[str, str] = {}  # url -> sha256 staged
        pending: dict[str, str] = {}  # url -> reason it failed last time
        rounds = 0

        def client_faults(result) -> int:
            n = 0
            for row in result.fetch_log:
                if DNS_HOST in row.url or (tls_port and f":{tls_port}/" in row.url):
                    n += max(1, row.attempts)
            return n

        while True:
            clean = site_injected(site) + stats["client_faults"] >= faults
            site.fault_rate = 0.0 if clean else fault_rate
            rounds += 1
            before = dict(site.requests)
            with Fetcher(FAST, validators=validators) as fetcher:
                try:
                    result = crawl(site.url("/list/index.html"), fetcher, publisher, archive=archive)
                except Exception as exc:  # noqa: BLE001 - the thing we count
                    problems.append(f"round {rounds}: crawl raised {exc!r}")
                    stats["crawl_raised"] += 1
                    continue
            stats["client_faults"] += client_faults(result)
            stats["crawls"] += 1
            listing_ok = any(p.outcome == "ok" for p in result.listings)
            if not listing_ok:
                stats["listing_failures"] += 1
                if not all(p.reason for p in result.listings):
                    problems.append(f"round {rounds}: listing failed without a reason")
                if clean:
                    problems.append(f"round {rounds}: listing failed with faults off")
                continue
            seen = {d.url: d for d in result.documents}
            for url in urls:
                d = seen.get(url)
                if d is None:
                    problems.append(f"round {rounds}: {url} linked but not in the crawl result")
                    continue
                stats[f"outcome_{d.outcome}"] += 1
                if url in pending and url in truth:
                    # failed last time: must have been requested again now
                    path = url[len(site.url("")) :]
                    if site.requests[path] == before.get(path, 0):
                        problems.append(f"round {rounds}: {url} failed before and was not retried")
                    stats["retried_after_failure"] += 1
                if d.outcome in (FAILED, REFUSED):
                    if not (d.reason or "").strip():
                        problems.append(f"round {rounds}: {url} {d.outcome} without a reason")
                    pending[url] = d.reason or ""
                    continue
                if d.outcome == UNCHANGED and d.content is None:
                    if url not in loaded:
                        problems.append(f"round {rounds}: {url} 304 but never loaded")
                    pending.pop(url, None)
                    continue
                if d.content is None:
                    problems.append(f"round {rounds}: {url} {d.outcome} without content")
                    continue
                sha = hashlib.sha256(d.content).hexdigest()
                if url in truth and sha != truth[url]:
                    problems.append(
                        f"round {rounds}: {url} accepted corrupted bytes ({len(d.content)} bytes)"
                    )
                    stats["corrupted_accepted"] += 1
                    continue
                rec = stage_bytes(
                    root,
                    d.content,
                    SourceRecord(
                        source_uri=url, source_kind="url", seen_at=now_iso(), media_type=d.media_type
                    ),
                )
                if read_intake(root, rec.document_id).sha256 != sha or archive.read(sha) != d.content:
                    problems.append(f"round {rounds}: {url} staged bytes differ")
                loaded[url] = sha
                pending.pop(url, None)
                if d.outcome == NEW:
                    stats["loaded_new"] += 1
            for row in result.fetch_log:
                text = repr(row.as_dict())
                if "chaos-secret-cookie" in text or "@" in row.url:
                    problems.append(f"round {rounds}: fetch log row carries a cookie/credential: {row.url}")
            if clean:
                break
            if rounds > 20_000:
                problems.append("fault budget not reached after 20000 rounds")
                break
        http_urls = [u for u in urls if u in truth]
        missing = [u for u in http_urls if u not in loaded]
        if missing:
            problems.append(f"reachable reports never loaded after the clean crawl: {missing}")
        unreachable_unrecorded = [u for u in urls if u not in truth and not pending.get(u)]
        if unreachable_unrecorded:
            problems.append(f"unreachable reports without a recorded reason: {unreachable_unrecorded}")
        for path in (root / "archive").rglob("*"):
            if path.is_file() and b"chaos-secret-cookie" in path.read_bytes():
                problems.append(f"archive file {path.name} holds the cookie")
        reasons = {u: pending.get(u, "") for u in urls if u not in truth}
    injected = dict(site.injected)
    total_faults = sum(injected.values()) + stats["client_faults"]
    return {
        "faults_injected": total_faults,
        "server_faults": injected,
        "client_faults_dns_tls": stats["client_faults"],
        "crawls": stats["crawls"],
        "rounds": rounds,
        "documents": len(urls),
        "documents_loaded": len(loaded),
        "unreachable_reasons": reasons,
        "outcomes": {k[8:]: v for k, v in stats.items() if k.startswith("outcome_")},
        "retried_after_failure": stats["retried_after_failure"],
        "listing_failures": stats["listing_failures"],
        "crawl_raised": stats["crawl_raised"],
        "problems": problems[:50],
        "losses": len(problems),
    }


def site_injected(site: ChaosSite) -> int:
    with site.lock:
        return sum(site.injected.values())
