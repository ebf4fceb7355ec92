"""The Markdown export: readable on GitHub, and exact when parsed back by `parse_markdown`."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tracker.catalog.markdown import parse_markdown
from tracker.catalog.model import Catalog, CatalogPaper
from tracker.domain import CategoryProgress, PaperView, Progress, Status
from tracker.services.markdown_export import escape_text, render_markdown


def paper(paper_id: str = "resnet", **changes: object) -> PaperView:
    base = PaperView(
        id=paper_id,
        name="ResNet",
        category="Image Classification",
        position=1,
        review_url="https://example.org/resnet-review",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def progress(
    name: str, total: int, reviewed: int, reading: int = 0, skipped: int = 0
) -> CategoryProgress:
    return CategoryProgress(name, total, reviewed, reading, skipped)


def round_trip(papers: list[PaperView], **kwargs: object) -> Catalog:
    categories = [progress(name, 1, 0) for name in dict.fromkeys(p.category for p in papers)]
    text = render_markdown(categories, papers, **kwargs)  # type: ignore[arg-type]
    return parse_markdown(text, "export.md")


def assert_same(exported: PaperView, parsed: CatalogPaper) -> None:
    assert parsed.id == exported.id
    assert parsed.name == exported.name
    assert parsed.category == exported.category
    assert parsed.review_url == exported.review_url
    assert parsed.title == exported.title
    assert parsed.first_author == exported.first_author
    assert parsed.year == exported.year
    assert parsed.venue == exported.venue
    assert parsed.paper_url == exported.best_paper_url
    assert parsed.progress is not None
    assert parsed.progress.status == exported.status
    assert parsed.progress.rating == exported.rating
    assert parsed.progress.notes == exported.notes


# --- What it looks like ---------------------------------------------------------------------------


def test_example_export() -> None:
    papers = [
        paper(
            title="Deep Residual Learning for Image Recognition",
            first_author="Kaiming He",
            venue="CVPR",
            year=2016,
            arxiv="1512.03385",
            progress=Progress(
                Status.REVIEWED, 4, "Identity shortcuts make depth cheap.\nRe-read §4."
            ),
        ),
        paper(
            "vgg",
            name="VGG",
            review_url="https://example.org/vgg",
            progress=Progress(Status.READING),
        ),
    ]
    text = render_markdown(
        [progress("Image Classification", 3, 1, reading=1)],
        papers,
        generated_at=datetime(2026, 5, 1, 9, 30),
        link_health={"resnet": "ok"},
    )
    assert text.splitlines() == [
        "<!-- tracker-export v1: tick boxes, change stars, edit notes; keep the id comments -->",
        "# Reading progress",
        "",
        "**1/3 reviewed** (33%) · 1 reading\\",
        "*Generated 2026-05-01 09:30*",
        "",
        "## Image Classification",
        "",
        "**1/3 reviewed** (33%) · 1 reading",
        "",
        "- [x] **[ResNet](https://example.org/resnet-review)** · ★★★★☆ · "
        "[paper](https://arxiv.org/abs/1512.03385) · link: ok <!-- id: resnet -->\\",
        "  *Deep Residual Learning for Image Recognition* · by Kaiming He · in CVPR · 2016",
        "  > Identity shortcuts make depth cheap.\\",
        "  > Re-read §4.",
        "- [ ] **[VGG](https://example.org/vgg)** · *reading* <!-- id: vgg -->",
    ]


def test_categories_follow_the_given_order_and_skip_empty_ones() -> None:
    papers = [
        paper("a", name="A", category="Second"),
        paper("b", name="B", category="First"),
        paper("c", name="C", category="Unlisted"),
    ]
    categories = [progress("First", 1, 0), progress("Empty", 4, 0), progress("Second", 1, 0)]
    text = render_markdown(categories, papers, title="My *list*")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# My \\*list\\*", "## First", "## Second", "## Unlisted"]
    catalog = parse_markdown(text, "export.md")
    assert catalog.kind == "export" and catalog.carries_progress
    assert catalog.categories == ["First", "Second", "Unlisted"]


def test_skipped_papers_leave_the_denominator() -> None:
    text = render_markdown([progress("C", 10, 3, reading=2, skipped=2)], [paper(category="C")])
    assert "**3/8 reviewed** (38%) · 2 reading · 2 skipped" in text


def test_nothing_is_rendered_as_markup() -> None:
    """Markdown specials in catalog text render literally (no emphasis, links, code or HTML)."""
    nasty = "[bold]x[/] [link=https://e.x]y[/link] | *a* _b_ `c` <i>d</i> # ~~e~~ $f$ &amp; \\g"
    text = render_markdown(
        [progress(nasty, 1, 0)],
        [paper(name=nasty, category=nasty, title=nasty, first_author=nasty, venue=nasty)],
        title=nasty,
    )
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    for tag in ("<code>", "<i>", "<s>", "<table>"):
        assert tag not in html
    assert html.count("<em>") == 1  # the title wrapper, nothing inside it
    assert html.count("<a href") == 1  # the review link only
    assert html.count("<strong>") == 3  # the two progress lines and the name
    literal = "[bold]x[/] [link=https://e.x]y[/link] | *a* _b_ `c` &lt;i&gt;d&lt;/i&gt;"
    assert html.count(literal) == 6  # title, heading, name, title, author, venue


def test_link_health_is_shown_and_ignored_on_import() -> None:
    text = render_markdown([], [paper()], link_health={"resnet": "404 <not found>"})
    assert "link: 404 \\<not found\\>" in text
    assert parse_markdown(text, "export.md").papers[0].review_url == paper().review_url


# --- Round trips ----------------------------------------------------------------------------------


def test_statuses_and_ratings_round_trip() -> None:
    papers = [
        paper(f"p{i}", name=f"Paper {i}", progress=Progress(status, rating))
        for i, (status, rating) in enumerate([(s, r) for s in Status for r in (None, 1, 3, 5)])
    ]
    catalog = round_trip(papers)
    for exported, parsed in zip(papers, catalog.papers, strict=True):
        assert_same(exported, parsed)


@pytest.mark.parametrize(
    "notes",
    [
        "one line",
        "two\nlines",
        "blank\n\nline",
        "  leading spaces\ntrailing spaces  ",
        "\nstarts with a newline",
        "ends with a newline\n",
        "- a list?\n1. numbered\n# heading\n> quote\n---\n===\n    code\n```\nfence",
        "tabs\tinside\n\tand leading",
        "control \x0b chars \x1f\x85 here",
        "back\\slash at end\\",
        "````\nbackticks ``` inside",
        "\u2028line separator\u2029 and nbsp\u00a0",
        "[link](https://x.example) <b>html</b> &amp; *em*",
        " ",
        "\n",
    ],
)
def test_notes_round_trip_exactly(notes: str) -> None:
    exported = paper(progress=Progress(Status.READING, 2, notes))
    assert_same(exported, round_trip([exported]).papers[0])


def test_odd_ids_round_trip() -> None:
    papers = [paper(pid, name=pid) for pid in ("a--b", "x -> y", "ünï/cøde", "100%")]
    assert [p.id for p in round_trip(papers).papers] == ["a--b", "x -> y", "ünï/cøde", "100%"]


def test_urls_round_trip() -> None:
    urls = [
        "https://example.org/a_(b)",
        "https://example.org/path with space",
        "https://example.org/q?a=1&b=2&amp;c",
        "https://example.org/back\\slash\\*",
        "https://example.org/ünï<>",
        " https://example.org/edge spaces ",
        "https://example.org/trailing\\",
        "https://example.org/\\>",
        "https://example.org/&#32;&amp",
    ]
    papers = [paper(f"p{i}", review_url=url, paper_url=url) for i, url in enumerate(urls)]
    parsed = round_trip(papers).papers
    assert [(p.review_url, p.paper_url) for p in parsed] == [(u, u) for u in urls]


def test_control_characters_in_urls_are_percent_encoded() -> None:
    exported = paper(review_url="https://example.org/a\x01b\x7f\tc")
    assert round_trip([exported]).papers[0].review_url == "https://example.org/a%01b%7F%09c"


def test_a_category_listed_twice_is_rendered_once() -> None:
    text = render_markdown([progress("C", 1, 0), progress("C", 1, 0)], [paper(category="C")])
    assert text.count("## C") == 1
    assert len(parse_markdown(text, "export.md").papers) == 1


def test_hand_edits_are_picked_up() -> None:
    text = render_markdown(
        [progress("C", 2, 0)], [paper(category="C"), paper("vgg", name="VGG", category="C")]
    )
    edited = text.replace("- [ ] **[ResNet]", "- [x] **[ResNet]").replace(" <!-- id: vgg -->", "")
    edited = edited.replace(
        "**[VGG](https://example.org/resnet-review)**",
        "**[VGG](https://example.org/resnet-review)** · ★★☆☆☆",
    )
    catalog = parse_markdown(edited, "export.md")
    resnet, vgg = catalog.papers
    assert resnet.progress is not None and resnet.progress.status is Status.REVIEWED
    assert vgg.id == "vgg"  # no id comment: the slug of the name
    assert vgg.progress is not None and vgg.progress.rating == 2


def test_escape_text_is_single_line() -> None:
    assert escape_text("a\nb") == "a b"
    assert escape_text(" x ") == "&#32;x&#32;"
    assert escape_text("a·b") == "a&#183;b"


# --- Hypothesis: random text with Markdown specials and Rich markup -------------------------------

_SPICE = st.sampled_from(
    [
        "[bold]",
        "[/]",
        "[link=https://x.example]",
        "*",
        "**",
        "_",
        "`",
        "``",
        "|",
        "#",
        "<",
        ">",
        "&",
        "&amp;",
        "&#183;",
        "·",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "!",
        "~",
        "$",
        ":star:",
        "- ",
        "1. ",
        "---",
        "===",
        "<!--",
        "-->",
        " ",
        "  ",
        "\t",
        "★",
        "☆",
        "*reading*",
        " · ",
        "by ",
        "in ",
    ]
)


def _no_control(text: str) -> bool:
    return not any(unicodedata.category(char) == "Cc" for char in text)


# Single-line catalog fields: any text without control characters (see the module docstring).
field_text = (
    st.lists(_SPICE | st.text(min_size=1, max_size=5), min_size=1, max_size=8)
    .map("".join)
    .filter(_no_control)
)
# Notes: anything except `\r` and NUL.
notes_text = (
    st.lists(
        _SPICE | st.sampled_from(["\n", "\n\n", "\x0b", "\x85"]) | st.text(max_size=6), max_size=10
    )
    .map("".join)
    .map(lambda text: text.replace("\r", "").replace("\0", ""))
)


@st.composite
def paper_views(draw: st.DrawFn, index: int) -> PaperView:
    optional = st.none() | field_text
    return PaperView(
        id=f"p{index}-{draw(st.text(max_size=4))}",
        name=draw(field_text),
        category=draw(st.sampled_from(["A", "B *b*"]) | field_text),
        position=index,
        review_url=draw(st.sampled_from(["https://example.org/r", "https://e.x/a_(b) c", ""])),
        title=draw(optional),
        first_author=draw(optional),
        venue=draw(optional),
        year=draw(st.none() | st.integers(1900, 2100)),
        paper_url=draw(st.none() | st.just("https://arxiv.org/pdf/1512.03385")),
        progress=Progress(
            status=draw(st.sampled_from(list(Status))),
            rating=draw(st.none() | st.integers(1, 5)),
            notes=draw(notes_text),
        ),
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*(paper_views(i) for i in range(n)))))
def test_random_papers_round_trip(papers: tuple[PaperView, ...]) -> None:
    unique = list({paper.id: paper for paper in papers}.values())
    # The export groups by category; compare in the order it writes them.
    order = list(dict.fromkeys(paper.category for paper in unique))
    expected = sorted(unique, key=lambda paper: order.index(paper.category))
    catalog = round_trip(unique)
    assert len(catalog.papers) == len(expected)
    for exported, parsed in zip(expected, catalog.papers, strict=True):
        assert_same(exported, parsed)


@settings(max_examples=300, deadline=None)
@given(notes_text.filter(bool))
def test_random_notes_round_trip(notes: str) -> None:
    exported = paper(progress=Progress(Status.REVIEWED, None, notes))
    assert round_trip([exported]).papers[0].progress == Progress(Status.REVIEWED, None, notes)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30).filter(_no_control))
def test_random_urls_round_trip(tail: str) -> None:
    url = "https://example.org/" + tail
    parsed = round_trip([paper(review_url=url, paper_url=url)]).papers[0]
    assert (parsed.review_url, parsed.paper_url) == (url, url)
