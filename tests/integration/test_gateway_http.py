"""The gateway as a browser meets it: security headers on every answer, the web app's files
and its fallback, the policy articles, and ``/api/<service>/...`` carried to the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.gateway.api.headers import CONTENT_SECURITY_POLICY
from shared.refdata import DEFAULT_DIR
from tests.support.gateway import csrf, gateway_client, gateway_settings, sign_in
from tests.support.processes import free_ports

SECURITY = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@pytest.fixture
def web(tmp_path: Path) -> Path:
    root = tmp_path / "web"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>阳光信访</title>", encoding="utf-8")
    (root / "assets" / "index-3f2a1b.js").write_text("console.log(1)", encoding="utf-8")
    (root / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    return root


@pytest.fixture
def client(tmp_path: Path, web: Path) -> TestClient:
    with gateway_client(gateway_settings(tmp_path, web_dir=web)) as c:
        yield c  # type: ignore[misc]


def test_the_contract_policy_is_exactly_the_csp() -> None:
    assert CONTENT_SECURITY_POLICY == (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'"
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/assets/index-3f2a1b.js"),
        ("GET", "/healthz"),
        ("GET", "/auth/me"),  # 401
        ("GET", "/content/articles/nope.json"),  # 404
        ("GET", "/api/intake/v1/public/reference"),  # proxied
        ("GET", "/api/nowhere/v1/x"),  # 404
        ("POST", "/auth/login"),  # 422
    ],
)
def test_every_answer_carries_the_security_headers(
    client: TestClient, method: str, path: str
) -> None:
    resp = client.request(method, path, json={} if method == "POST" else None)
    for name, value in SECURITY.items():
        assert resp.headers.get(name) == value, (path, resp.status_code, name)


def test_an_upstream_cannot_weaken_the_headers(client: TestClient) -> None:
    resp = client.get("/api/intake/v1/anything")
    assert resp.headers.get_list("x-frame-options") == ["DENY"]
    assert resp.headers["x-upstream"] == "yes"


def test_spa_routes_get_index_html_and_files_are_files(client: TestClient) -> None:
    for route in ("/", "/petition", "/track?code=ABC", "/policy/time-limits", "/kiosk/k-1"):
        resp = client.get(route)
        assert resp.status_code == 200, route
        assert "<title>阳光信访</title>" in resp.text
        assert resp.headers["cache-control"] == "no-cache"
    asset = client.get("/assets/index-3f2a1b.js")
    assert asset.text == "console.log(1)"
    assert "immutable" in asset.headers["cache-control"]
    assert "max-age=31536000" in asset.headers["cache-control"]
    assert client.get("/favicon.svg").headers["cache-control"] == "no-cache"


def test_a_workbench_page_has_the_browser_ask_who_is_signed_in_with_its_code(
    client: TestClient,
) -> None:
    # The read every workbench page waits for first, preloaded from the page's first answer;
    # the portal's pages have no session and are not told to ask.
    for route in ("/workbench", "/workbench/queue", "/workbench/petitions/p-1"):
        link = client.get(route).headers.get("link")
        assert link == "</auth/me>; rel=preload; as=fetch; crossorigin", route
    for route in ("/", "/petition", "/workbenches", "/signin"):
        assert "link" not in client.get(route).headers, route


def test_hashed_scripts_and_styles_go_gzipped_to_a_browser_that_accepts_it(
    client: TestClient, web: Path
) -> None:
    script = "".join(f"export const v{i} = 'workbench {i}';\n" for i in range(200))
    (web / "assets" / "QueueView-9c1d2e.js").write_text(script, encoding="utf-8")
    packed = client.get("/assets/QueueView-9c1d2e.js", headers={"accept-encoding": "gzip"})
    assert packed.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert int(packed.headers["content-length"]) < len(script) / 3
    assert packed.text == script  # the client unpacks it: the same file
    assert packed.headers["content-type"].startswith("text/javascript")
    assert "immutable" in packed.headers["cache-control"]
    plain = client.get("/assets/QueueView-9c1d2e.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == script
    refused = client.get("/assets/QueueView-9c1d2e.js", headers={"accept-encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    for name, value in SECURITY.items():
        assert packed.headers.get(name) == value, name


def test_a_rebuilt_asset_is_served_new_and_an_unchanged_one_revalidates(
    client: TestClient, web: Path
) -> None:
    asset = web / "assets" / "index-3f2a1b.js"
    first = client.get("/assets/index-3f2a1b.js")
    assert (
        client.get(
            "/assets/index-3f2a1b.js", headers={"if-none-match": first.headers["etag"]}
        ).status_code
        == 304
    )
    asset.write_text("console.log('a new build')", encoding="utf-8")
    again = client.get("/assets/index-3f2a1b.js")
    assert again.text == "console.log('a new build')"
    assert again.headers["etag"] != first.headers["etag"]
    head = client.head("/assets/index-3f2a1b.js")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len("console.log('a new build')"))


def test_reserved_paths_never_fall_back_to_the_page(client: TestClient) -> None:
    for path in ("/auth/nothing", "/content/other", "/api"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.headers["content-type"].startswith("application/problem+json")


def test_files_outside_the_web_folder_are_not_served(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    resp = client.get("/..%2Fsecret.txt")
    assert resp.text != "no" and "阳光信访" in resp.text


def test_without_a_build_a_chinese_page_says_so(tmp_path: Path) -> None:
    with gateway_client(gateway_settings(tmp_path, web_dir=tmp_path / "missing")) as client:
        resp = client.get("/petition")
    assert resp.status_code == 503
    assert "网页尚未构建" in resp.text
    assert resp.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_articles_are_served_with_the_contract_shape(client: TestClient) -> None:
    index = client.get("/content/articles/index.json")
    assert index.status_code == 200 and index.headers["content-type"].startswith("application/json")
    entries = index.json()
    topics = {e["topic"] for e in entries}
    assert {"信访工作", "住房", "医疗", "交通", "教育", "农事信息"} <= topics
    for entry in entries:
        assert set(entry) == {"slug", "topic", "title", "summary"}
        article = client.get(f"/content/articles/{entry['slug']}.json")
        assert article.status_code == 200, entry["slug"]
        body = article.json()
        assert set(body) == {"slug", "topic", "title", "summary", "updated_on", "sections"}
        assert {k: body[k] for k in entry} == entry
        assert body["sections"] and all(s["heading"] and s["paragraphs"] for s in body["sections"])
    petition = [e["title"] for e in entries if e["topic"] == "信访工作"]
    assert any("条例" in t for t in petition) and any("复查" in t for t in petition)


def test_an_unknown_article_is_a_chinese_404(client: TestClient) -> None:
    for name in ("nope.json", "users.json", "Index.JSON"):
        resp = client.get(f"/content/articles/{name}")
        assert resp.status_code == 404, name
        assert resp.json()["detail"] == "没有找到这篇文章"
    # Out of the folder: not an article, nor the page
    assert client.get("/content/articles/..%2F..%2Fusers.json").status_code == 404


def test_a_city_replaces_the_articles_with_its_own_folder(tmp_path: Path) -> None:
    refdata = tmp_path / "city"
    refdata.mkdir()
    for f in DEFAULT_DIR.glob("*.json"):
        (refdata / f.name).write_bytes(f.read_bytes())
    (refdata / "articles").mkdir()
    own = [{"slug": "ours", "topic": "信访工作", "title": "本市信访指南", "summary": "本市"}]
    (refdata / "articles" / "index.json").write_text(json.dumps(own), encoding="utf-8")
    with gateway_client(gateway_settings(tmp_path, refdata_dir=refdata)) as client:
        assert client.get("/content/articles/index.json").json() == own


# -- the proxy -----------------------------------------------------------------------------


def test_the_path_query_and_body_reach_the_service_unchanged(client: TestClient) -> None:
    resp = client.post(
        "/api/intake/v1/public/petitions?draft=1&x=%E4%B8%AD",
        content=b'{"title": "\xe6\x8b\x86\xe8\xbf\x81"}',
        headers={"Content-Type": "application/json"},
    )
    seen = resp.json()
    assert resp.status_code == 200
    assert seen["host"] == "127.0.0.1:8001"  # intake at the gateway's port + 1
    assert seen["raw_path"] == "/api/v1/public/petitions"
    assert seen["query"] == "draft=1&x=%E4%B8%AD"
    assert seen["method"] == "POST"
    assert seen["body"] == '{"title": "拆迁"}'
    assert seen["headers"]["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("service", "port"),
    [
        ("intake", 8001),
        ("routing", 8002),
        ("supervision", 8003),
        ("index", 8004),
        ("feedback", 8005),
    ],
)
def test_each_service_is_reached_at_its_own_port(
    client: TestClient, service: str, port: int
) -> None:
    seen = client.get(f"/api/{service}/v1/public/track/A%2FB").json()
    assert seen["host"] == f"127.0.0.1:{port}"
    assert seen["raw_path"] == "/api/v1/public/track/A%2FB"  # an encoded slash stays one


def test_the_status_and_body_of_the_service_come_back(client: TestClient) -> None:
    resp = client.get("/api/feedback/v1/teapot")
    assert resp.status_code == 418 and resp.text == "short and stout"
    assert "set-cookie" not in resp.headers  # a service sets no cookie on the gateway's site


def test_dot_segments_and_unknown_services_are_refused(client: TestClient) -> None:
    assert client.get("/api/intake/v1/%2E%2E/%2E%2E/metrics").status_code == 404
    resp = client.get("/api/billing/v1/x")
    assert resp.status_code == 404 and resp.json()["detail"] == "没有这个服务"


def test_cookies_never_reach_the_service_and_the_address_does(tmp_path: Path) -> None:
    with gateway_client(gateway_settings(tmp_path), client="203.0.113.7") as client:
        client.cookies.set("tracking", "secret")
        seen = client.get(
            "/api/intake/v1/public/reference", headers={"X-Forwarded-For": "10.0.0.1"}
        ).json()
    assert "cookie" not in seen["headers"]
    assert seen["headers"]["x-forwarded-for"] == "203.0.113.7"  # not what the client claims
    assert "authorization" not in seen["headers"]


def test_a_signed_in_session_adds_its_bearer_token(client: TestClient) -> None:
    assert sign_in(client).status_code == 204
    seen = client.get("/api/routing/v1/queues/320831-ZJJ").json()
    assert seen["headers"]["authorization"].startswith("Bearer ey")
    assert "cookie" not in seen["headers"] and "x-csrf-token" not in seen["headers"]
    posted = client.post("/api/intake/v1/petitions/p/accept", json={}, headers=csrf(client))
    assert posted.json()["headers"]["authorization"] == seen["headers"]["authorization"]


def test_a_session_overrides_a_bearer_the_page_sent(client: TestClient) -> None:
    sign_in(client)
    seen = client.get("/api/intake/v1/x", headers={"Authorization": "Bearer forged"}).json()
    assert seen["headers"]["authorization"] != "Bearer forged"


def test_a_service_that_is_down_is_a_chinese_502(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path, intake_url=f"http://127.0.0.1:{free_ports(1)[0]}")
    with gateway_client(settings, network=True) as client:
        resp = client.get("/api/intake/v1/public/reference")
    assert resp.status_code == 502
    assert resp.json()["detail"] == "服务暂时不可用，请稍后再试"


def test_one_correlation_id_from_the_page_to_the_service(client: TestClient) -> None:
    resp = client.get("/api/intake/v1/x", headers={"X-Correlation-ID": "page-42"})
    assert resp.json()["headers"]["x-correlation-id"] == "page-42"
    assert resp.headers.get_list("x-correlation-id") == ["page-42"]
    minted = client.get("/api/intake/v1/x")
    assert minted.json()["headers"]["x-correlation-id"] == minted.headers["x-correlation-id"]
