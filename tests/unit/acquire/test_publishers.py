"""The publisher registry: bundled entries and validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from orchestration.acquire.publishers import (
    Publisher,
    PublisherConfigError,
    get_publisher,
    host_allowed,
    load_publishers,
    parse_publishers,
    publisher_for_url,
)


def test_bundled_registry_loads() -> None:
    pubs = load_publishers()
    assert len(pubs) >= 3
    xm = pubs["xiamen-sti"]
    assert isinstance(xm, Publisher)
    assert xm.name == "厦门市科学技术局" and xm.region_code == "350200"
    assert "http://sti.xm.gov.cn/xxgk/zfxxgk/xxgkml/jhgh/" in xm.listing_urls
    assert xm.allowed_hosts == ("sti.xm.gov.cn",)
    assert xm.allow_private_addresses is False
    assert xm.report_regex is not None
    assert xm.report_regex.search("http://sti.xm.gov.cn/xxgk/zfxxgk/xxgkml/jhgh/202402/t20240218_2817476.htm")
    for pub in pubs.values():
        assert not pub.allow_private_addresses, pub.id
        assert pub.poll_cron or pub.poll_interval_minutes
        assert all(pub.allows_host(url) for url in pub.listing_urls)
    assert get_publisher("xiamen-sti") == xm
    assert publisher_for_url("http://sti.xm.gov.cn/xxgk/a.htm", pubs) == xm
    assert publisher_for_url("http://evil.example/", pubs) is None


def test_get_publisher_unknown_names_known_ones() -> None:
    with pytest.raises(KeyError, match="xiamen-sti"):
        get_publisher("nope")


BASE = {
    "id": "demo",
    "name": "演示局",
    "region_code": "350200",
    "listing_urls": ["http://demo.gov.cn/list/"],
}


def _one(**changes: object) -> dict:
    entry = {**BASE, **changes}
    return {"publishers": [{k: v for k, v in entry.items() if v is not ...}]}


def test_minimal_entry_gets_defaults() -> None:
    pub = parse_publishers(_one())["demo"]
    assert pub.allowed_hosts == ("demo.gov.cn",)
    assert pub.poll_interval_minutes == 1440
    assert pub.max_pages == 10 and pub.encoding_hints == ()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"listing_urls": ...}, "listing_urls", "required"),
        ({"listing_urls": []}, "listing_urls", "empty"),
        ({"listing_urls": ["ftp://demo.gov.cn/"]}, "listing_urls", "http"),
        ({"listing_urls": ["http://u:p@demo.gov.cn/"]}, "listing_urls", "credentials"),
        ({"allowed_hosts": ["other.gov.cn"]}, "listing_urls", "allowed_hosts"),
        ({"allowed_hosts": ["bad host!"]}, "allowed_hosts", "host"),
        ({"name": ...}, "name", "required"),
        ({"region_code": "35"}, "region_code", "6-digit"),
        ({"report_pattern": "t(2024"}, "report_pattern", "regular expression"),
        ({"next_page_pattern": "[x"}, "next_page_pattern", "regular expression"),
        ({"allow_private_addresses": "yes"}, "allow_private_addresses", "true or false"),
        ({"encoding_hints": ["klingon-8"]}, "encoding_hints", "unknown encoding"),
        ({"poll_interval_minutes": 1}, "poll_interval_minutes", "at least 5"),
        ({"poll_cron": "every day"}, "poll_cron", "cron"),
        ({"max_pages": 0}, "max_pages", "positive"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"id": "Bad Id"}, "id", "lowercase"),
    ],
)
def test_validation_errors_name_entry_and_field(changes: dict, field: str, words: str) -> None:
    with pytest.raises(PublisherConfigError) as info:
        parse_publishers(_one(**changes))
    message = str(info.value)
    assert f"'{field}'" in message
    assert words in message
    if changes.get("id") != "Bad Id":
        assert "'demo'" in message


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(PublisherConfigError, match="'demo', field 'id': duplicate"):
        parse_publishers({"publishers": [BASE, BASE]})


def test_load_from_file_and_yaml_errors(tmp_path: Path) -> None:
    good = tmp_path / "p.yaml"
    good.write_text(yaml.safe_dump(_one(allowed_hosts=["demo.gov.cn", "*.demo.gov.cn"]), allow_unicode=True))
    assert load_publishers(good)["demo"].allows_host("http://files.demo.gov.cn/a.pdf")
    bad = tmp_path / "bad.yaml"
    bad.write_text("publishers: [\n")
    with pytest.raises(PublisherConfigError, match="not valid YAML"):
        load_publishers(bad)
    with pytest.raises(PublisherConfigError, match="expected a list"):
        parse_publishers({"publishers": "x"})
    with pytest.raises(PublisherConfigError, match="#1"):
        parse_publishers({"publishers": ["just a string"]})


def test_host_allowed_rules() -> None:
    hosts = ["sti.xm.gov.cn", "*.fujian.gov.cn", "127.0.0.1:8080"]
    assert host_allowed("http://STI.xm.gov.cn/a", hosts)
    assert host_allowed("https://sti.xm.gov.cn:8443/a", hosts)  # no port in entry = any port
    assert host_allowed("http://kjt.fujian.gov.cn/", hosts)
    assert not host_allowed("http://fujian.gov.cn/", hosts)
    assert not host_allowed("http://evilfujian.gov.cn/", hosts)
    assert not host_allowed("http://sti.xm.gov.cn.evil.com/", hosts)
    assert host_allowed("http://127.0.0.1:8080/", hosts)
    assert not host_allowed("http://127.0.0.1:9090/", hosts)
    assert not host_allowed("http://localhost:8080/", hosts)
    assert host_allowed("sti.xm.gov.cn", hosts)
    assert not host_allowed("http://:80/", hosts)
    assert not host_allowed("http://sti.xm.gov.cn:99999/", hosts)


def test_adhoc_publisher() -> None:
    pub = Publisher.adhoc(["http://127.0.0.1:8000/list/", "http://127.0.0.1:8000/list2/", "http://A.gov.cn/"])
    assert pub.allowed_hosts == ("127.0.0.1", "a.gov.cn")
    assert pub.allow_private_addresses is False
    assert Publisher.adhoc(["http://127.0.0.1/"], allow_private_addresses=True).allow_private_addresses


def test_hosts_of_is_the_default_allow_list_of_an_entry_and_of_an_adhoc_crawl() -> None:
    from orchestration.acquire.publishers import hosts_of

    urls = ["http://KJJ.example.gov.cn/list/", "http://kjj.example.gov.cn/list2/", "https://b.gov.cn:8443/x"]
    assert hosts_of(urls) == ("kjj.example.gov.cn", "b.gov.cn")
    assert Publisher.adhoc(urls).allowed_hosts == ("kjj.example.gov.cn", "b.gov.cn")
