"""Pure rules: static checks, the TDS move, Wayback URLs, status policy, cache eligibility."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.cli.links import parse_duration
from tracker.services.links import policy, tds
from tracker.services.links.static import Severity, is_fatal, normalized, static_issues
from tracker.services.links.targets import LinkKind, LinkTarget
from tracker.services.links.verdicts import Verdict, is_reusable
from tracker.services.links.wayback import wayback_url

CATS = ["Image Classification", "Object Detection", "Instance Segmentation"]
TDS_URL = "https://towardsdatascience.com/review-densenet-image-classification-b6631a8ef803"


def target(url: str, pid: str = "p", category: str = CATS[0], **kw: object) -> LinkTarget:
    kind = kw.pop("kind", LinkKind.REVIEW)
    return LinkTarget(pid, pid, url, kind, category, **kw)  # type: ignore[arg-type]


def codes(issues: tuple[object, ...] | None) -> list[str]:
    return [i.code for i in issues or ()]  # type: ignore[attr-defined]


# -- static ------------------------------------------------------------------------------------


def test_sharpmask_url_names_another_category() -> None:
    url = "https://towardsdatascience.com/review-sharpmask-instance-segmentation-6509f7401a61"
    filed_wrong = target(url, "sharpmask", category="Image Classification")
    found = static_issues([filed_wrong], CATS)[filed_wrong]
    assert codes(found) == ["category-mismatch"]
    assert "instance-segmentation" in found[0].message
    assert "Image Classification" in found[0].message

    # The catalog corrected it and remembers where the list had it: a note, not a warning.
    corrected = target(
        url, "sharpmask", category="Instance Segmentation", listed_under="Image Classification"
    )
    note = static_issues([corrected], CATS)[corrected]
    assert [(i.code, i.severity) for i in note] == [("listed-elsewhere", Severity.NOTE)]


def test_url_naming_its_own_category_among_others_is_fine() -> None:
    url = (
        "https://medium.com/coinmonks/review-sppnet-1st-runner-up-object-detection-"
        "2nd-runner-up-image-classification-in-ilsvrc-906da3753679"
    )
    assert static_issues([target(url)], CATS) == {}


def test_paper_urls_are_not_checked_for_category_words() -> None:
    t = target("https://example.org/object-detection.pdf", kind=LinkKind.PAPER)
    assert static_issues([t], CATS) == {}


def test_duplicates_across_papers_even_outside_the_filtered_category() -> None:
    a = target("https://Medium.com/x/review-a-1f5f809dbf17", "a")
    b = target("https://medium.com/x/review-a-1f5f809dbf17/", "b", category=CATS[1])
    c = target("https://medium.com/x/review-c-2f5f809dbf17", "c")
    found = static_issues([a, c], CATS, catalog=[a, b, c])
    assert codes(found[a]) == ["duplicate"]
    assert "b" in found[a][0].message
    assert c not in found


def test_same_url_for_review_and_paper() -> None:
    url = "https://medium.com/x/review-a-1f5f809dbf17"
    r, p = target(url, "a"), target(url, "a", kind=LinkKind.PAPER)
    assert codes(static_issues([r, p], CATS)[p]) == ["same-as-other-kind"]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.org/paper.pdf", "bad-url"),
        ("https:///no-host", "bad-url"),
        ("relative/path", "bad-url"),
        ("https://example.org:99999/x", "bad-url"),
        ("https://intranet/x", "bad-host"),
        ("https://medium.com/", "not-an-article"),
        ("https://medium.com/@sh.tsang", "not-an-article"),
        ("https://medium.com/coinmonks/review-of-r-cnn-object-detection", "not-an-article"),
        ("https://medium.com/coinmonks/review-r-cnn-b476aba290zz", "not-an-article"),
        ("https://towardsdatascience.com/review-fcn-semantic-segmentation", "not-an-article"),
    ],
)
def test_malformed_urls(url: str, code: str) -> None:
    t = target(url)
    assert code in codes(static_issues([t], CATS).get(t))
    assert is_fatal(static_issues([t], CATS)[t]) == (code == "bad-url")


@pytest.mark.parametrize(
    "url",
    [
        "https://medium.com/@sh.tsang/review-deep-image-99e5f7b1c802",
        "https://medium.com/datadriveninvestor/review-cumedvision1-5434280d6e6",
        "https://sh-tsang.medium.com/review-xception-dc967dd42568",
        "https://medium.com/p/dc967dd42568",
        TDS_URL,
        "https://towardsdatascience.com/a-new-platform-article/",
        "http://127.0.0.1:8080/ok",
        "https://arxiv.org/abs/1512.03385",
    ],
)
def test_well_formed_urls(url: str) -> None:
    assert static_issues([target(url)], []) == {}


# -- TDS and Wayback ---------------------------------------------------------------------------


def test_tds_archive_and_trailing_slash() -> None:
    slug_id = "review-densenet-image-classification-b6631a8ef803"
    assert tds.archive_urls(TDS_URL) == (
        f"https://medium.com/data-science/{slug_id}",
        f"https://medium.com/towards-data-science/{slug_id}",
    )
    assert tds.trailing_slash_url(TDS_URL) == TDS_URL + "/"
    assert tds.trailing_slash_url(TDS_URL + "/") is None
    assert tds.archive_url("https://medium.com/coinmonks/review-b476aba290d1") is None
    assert tds.archive_url("https://towardsdatascience.com/new-style-article/") is None


@given(
    slug=st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,5}", fullmatch=True),
    post_id=st.from_regex(r"[0-9a-f]{10,12}", fullmatch=True),
)
def test_archive_keeps_the_slug_id(slug: str, post_id: str) -> None:
    url = f"https://towardsdatascience.com/{slug}-{post_id}"
    assert tds.archive_url(url) == f"https://medium.com/data-science/{slug}-{post_id}"
    assert tds.article_problem(url) is None


@given(st.from_regex(r"https?://[a-z]{1,10}\.org/[a-z0-9/._-]{0,30}", fullmatch=True))
def test_wayback_is_a_prefix(url: str) -> None:
    assert wayback_url(url) == "https://web.archive.org/web/" + url


@given(st.from_regex(r"https?://[a-zA-Z]{1,10}\.org(:[0-9]{1,4})?/[a-z0-9/]{0,20}", fullmatch=True))
def test_normalized_is_idempotent(url: str) -> None:
    assert normalized(normalized(url)) == normalized(url)


# -- policy ------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_seconds(n: int) -> None:
    assert policy.retry_after(str(n)) == float(n)


def test_retry_after_http_date_and_garbage() -> None:
    now = datetime(2026, 11, 25, 17, 0, 0, tzinfo=UTC)
    assert policy.retry_after("Wed, 25 Nov 2026 17:00:30 GMT", now) == 30.0
    assert policy.retry_after("Wed, 25 Nov 2026 16:00:00 GMT", now) == 0.0
    assert policy.retry_after("soon", now) is None
    assert policy.retry_after(None, now) is None


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=2**32))
def test_backoff_grows_and_is_capped(attempt: int, seed: int) -> None:
    delay = policy.backoff(attempt, 0.5, 20.0, random.Random(seed))
    ceiling = min(20.0, 0.5 * 2**attempt)
    assert ceiling / 2 <= delay <= ceiling


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.OK),
        (204, Verdict.OK),
        (404, Verdict.BROKEN),
        (410, Verdict.BROKEN),
        (401, Verdict.BLOCKED),
        (403, Verdict.BLOCKED),
        (451, Verdict.BLOCKED),
        (999, Verdict.BLOCKED),
        (429, Verdict.RATE_LIMITED),
        (500, Verdict.ERROR),
        (503, Verdict.ERROR),
        (400, Verdict.ERROR),
    ],
)
def test_status_verdicts(status: int, verdict: Verdict) -> None:
    assert policy.status_verdict(status)[0] is verdict


def test_bot_walls() -> None:
    assert policy.is_bot_wall({"cf-mitigated": "challenge"}, b"")
    page = b"<html><head><title>Just a moment...</title></head>"
    assert policy.is_bot_wall({}, page)
    import gzip

    assert policy.is_bot_wall({}, gzip.compress(page)[:4096], "gzip")
    assert not policy.is_bot_wall({}, b"<html>An article about CAPTCHAs</html>")


def test_head_is_retried_with_get_on_any_refusal_but_429() -> None:
    assert all(policy.head_refused(s) for s in (400, 403, 404, 405, 501, 503))
    assert not policy.head_refused(429)
    assert not policy.head_refused(200)


# -- cache eligibility and durations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "status", "reusable"),
    [
        (Verdict.OK, 200, True),
        (Verdict.REDIRECTED, 200, True),
        (Verdict.BROKEN, 404, True),
        (Verdict.BROKEN, 410, True),
        (Verdict.BROKEN, None, False),  # DNS: the host may come back
        (Verdict.BLOCKED, 403, False),
        (Verdict.RATE_LIMITED, 429, False),
        (Verdict.ERROR, 503, False),
        (Verdict.ERROR, None, False),
        (Verdict.TIMEOUT, None, False),
        ("ok", 200, True),
    ],
)
def test_only_definitive_verdicts_are_reusable(
    verdict: Verdict | str, status: int | None, reusable: bool
) -> None:
    assert is_reusable(verdict, status) is reusable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("30m", timedelta(minutes=30)),
        ("90s", timedelta(seconds=90)),
        ("90", timedelta(seconds=90)),
        ("2W", timedelta(weeks=2)),
        ("1.5d", timedelta(hours=36)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "d7", "7 days", "-1d", "7y"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)
