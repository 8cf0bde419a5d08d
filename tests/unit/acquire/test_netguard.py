"""The network guard's pure parts: which addresses are refused, URL normalisation and checks."""

from __future__ import annotations

import pytest

from orchestration.acquire.netguard import Refused, address_refusal, check_url, normalise_url, redact
from orchestration.acquire.publishers import Publisher


@pytest.mark.parametrize(
    ("ip", "kind"),
    [
        ("169.254.169.254", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_address_refusal(ip: str, kind: str) -> None:
    assert kind in (address_refusal(ip) or "")


def test_public_addresses_pass() -> None:
    assert address_refusal("202.101.103.55") is None
    assert address_refusal("2400:da00::6666") is None


def test_normalise_url_drops_fragment_and_lowercases_scheme_and_host() -> None:
    assert (
        normalise_url("  HTTP://KJJ.Xm.Gov.CN:8080/a/B.html?x=1#top ")
        == "http://kjj.xm.gov.cn:8080/a/B.html?x=1"
    )
    assert normalise_url("https://kjj.xm.gov.cn") == "https://kjj.xm.gov.cn/"


def test_redact_removes_credentials() -> None:
    assert redact("http://user:secret@kjj.xm.gov.cn/a.html") == "http://kjj.xm.gov.cn/a.html"
    assert "secret" not in redact("http://user:secret@[::1/a")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://kjj.xm.gov.cn/a.pdf", r"not http\(s\)"),
        ("http:///a.html", "no host"),
        ("http://u:p@kjj.xm.gov.cn/a.html", "credentials"),
        ("http://evil.example/a.html", "allow-list"),
    ],
)
def test_check_url_refusals(url: str, why: str) -> None:
    pub = Publisher.adhoc(["http://kjj.xm.gov.cn/list/"])
    with pytest.raises(Refused, match=why):
        check_url(url, pub)
    check_url("http://kjj.xm.gov.cn/a.html", pub)  # on the allow-list: no exception
