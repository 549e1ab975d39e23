"""The engine stays free of UI imports and of the network."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_engine_imports_no_ui_library() -> None:
    code = textwrap.dedent("""
        import sys
        from dashboard.runtime.rulepacks import load_rules
        from dashboard.engine.pipeline import analyse
        from dashboard.engine.article import Article
        analyse(Article(id="a", text="Talks stalled, Reuters reported."), load_rules())
        bad = [m for m in ("textual", "rich", "pandas") if m in sys.modules]
        print(",".join(bad))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_resolution_makes_no_network_connection() -> None:
    # Any socket use raises: tldextract must use its bundled suffix list, never fetch one.
    code = textwrap.dedent("""
        import socket
        def refuse(*args, **kwargs):
            raise RuntimeError("network used")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from dashboard.engine.matchers import registered_domain
        print(registered_domain("news.bbc.co.uk"), registered_domain("https://www.reuters.com/world"))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["bbc.co.uk", "reuters.com"]
