"""A web domain in a source span ("Breitbart.com reported") is found in the rule files' domain
table without importing tldextract, and resolves to the source tldextract's registered domain
did, for every shipped domain and for hosts under it, known or not."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine.matchers import registered_domain
from dashboard.runtime.rulepacks import load_rules

INDEX = load_rules().compiled.sources
DOMAINS = sorted(INDEX.by_domain)
SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None).tlds


def _by_tldextract(host: str):
    """What resolve_domain gave before the table lookup: the registered domain's source."""
    registered = registered_domain(host)
    return INDEX.by_domain.get(registered) if registered else None


def test_checking_an_article_that_names_a_known_domain_does_not_import_tldextract(tmp_path) -> None:
    article = tmp_path / "breitbart.txt"
    article.write_text("Lawmakers met on Tuesday.\n\nBreitbart.com reported that the talks had "
                       "stalled, and officials said a deal was near.\n", encoding="utf-8")
    code = textwrap.dedent(f"""
        import contextlib, io, json, sys
        from dashboard.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main(["check", {str(article)!r}])
            main(["score", {str(article)!r}, "--format", "json"])
        print(json.dumps(["tldextract" in sys.modules, out.getvalue()]))
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, printed = json.loads(run.stdout.strip().splitlines()[-1])
    assert not imported
    assert '"source_id": "breitbart"' in printed  # the domain still names the outlet


def test_a_url_or_a_host_that_is_not_plain_still_goes_through_tldextract() -> None:
    assert INDEX.resolve_domain("https://www.reuters.com/world").id == "reuters"
    assert INDEX.resolve_domain("www.bbc.co.uk:443").id == "bbc"


def test_every_shipped_domain_is_a_registered_domain_with_no_public_suffix_under_it() -> None:
    # What makes the table lookup give tldextract's answer for every host under these domains.
    assert len(DOMAINS) > 100
    for domain in DOMAINS:
        assert registered_domain(domain) == domain, domain
    under = {d for d in DOMAINS for s in SUFFIXES if s == d or s.endswith("." + d)}
    assert not under


def test_hosts_under_each_shipped_domain_resolve_as_with_tldextract() -> None:
    for domain in DOMAINS:
        for host in (domain, "www." + domain, "news.example." + domain, domain.upper(), f" {domain} ",
                     domain.split(".", 1)[-1], "x" + domain, domain + ".example"):
            assert INDEX.resolve_domain(host) == _by_tldextract(host), host


LABELS = st.sampled_from(sorted({label for d in DOMAINS for label in d.split(".")}
                                | {"www", "news", "u", "s", "p", "m", "co", "uk", "1", "xn--p1ai", "a-b", "_x"}))


@settings(max_examples=500, deadline=None)
@given(st.lists(LABELS | st.text("abc.-_é0", min_size=1, max_size=6), min_size=1, max_size=5).map(".".join))
def test_any_dotted_name_resolves_as_with_tldextract(host: str) -> None:
    assert INDEX.resolve_domain(host) == _by_tldextract(host)
