"""Network faults against a loopback chaos site: 5xx bursts, resets mid-body, truncated bodies
with a wrong Content-Length, slow drip, DNS failure, TLS failure. Every report ends fetched
with intact bytes or recorded with a reason, is retried by the next crawl, and no crawl raises.
The long version is `scripts/soak.py network --faults 1000`."""

from __future__ import annotations

import pytest

from tests.reliability.netfaults import FAULTS, run_network_soak


def test_crawls_under_faults_lose_nothing(tmp_path):
    summary = run_network_soak(60, seed=5, work=tmp_path)
    assert summary["problems"] == [] and summary["losses"] == 0
    assert summary["faults_injected"] >= 60
    assert summary["crawl_raised"] == 0
    assert summary["documents_loaded"] == 12  # every reachable report, bytes checked against the server
    assert summary["retried_after_failure"] > 0
    reasons = summary["unreachable_reasons"]
    assert any("DNS" in r for r in reasons.values()), reasons
    assert any("TLS" in r or "CERTIFICATE" in r for r in reasons.values()), reasons


@pytest.mark.soak
def test_crawls_under_a_thousand_faults_lose_nothing(tmp_path):
    summary = run_network_soak(1000, seed=6, work=tmp_path)
    assert summary["losses"] == 0, summary["problems"]
    assert summary["faults_injected"] >= 1000
    assert set(summary["server_faults"]) == set(FAULTS)
