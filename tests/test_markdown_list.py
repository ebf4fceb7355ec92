"""The Markdown reading-list importer: a fixture per real-world shape, generic rules, speed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tracker.catalog.markdown import blocks, entries, inline, parse_markdown, parser
from tracker.catalog.model import Catalog, CatalogError, CatalogPaper
from tracker.domain import slugify

FIXTURES = Path(__file__).parent / "fixtures" / "reading_lists"
SHARED = Path("/work/shared")


def load(name: str) -> Catalog:
    path = FIXTURES / name
    return parse_markdown(path.read_text(encoding="utf-8"), str(path))


def by_name(catalog: Catalog) -> dict[str, CatalogPaper]:
    return {paper.name: paper for paper in catalog.papers}


def per_category(catalog: Catalog) -> dict[str, int]:
    counts = Counter(paper.category for paper in catalog.papers)
    return {name: counts[name] for name in catalog.categories}


# --- One fixture per format ---------------------------------------------------------------------


def test_review_catalog_bold_paragraphs_of_links() -> None:
    catalog = load("review_catalog.md")
    assert catalog.kind == "catalog"
    assert per_category(catalog) == {
        "Image Classification": 4,
        "Object Detection": 3,
        "Instance Segmentation": 1,
    }
    papers = by_name(catalog)
    assert papers["FoldNet / Fold-v1"].id == "foldnet-fold-v1"
    assert papers["Box-CNN"].review_url == "https://reviews.example.org/box-cnn-9c0d"
    assert papers["Box-CNN"].line == 9
    # The link without outer brackets still counts, under the heading the file puts it in.
    assert papers["Maskette"].category == "Image Classification"


def test_category_bullets_followed_by_link_paragraphs() -> None:
    catalog = load("category_bullets.md")
    assert per_category(catalog) == {
        "Image Classification": 3,
        "Object Detection": 2,
        # PathNet is listed again here with the same URL: the first entry wins.
        "Instance Segmentation": 2,
    }
    assert "Image Classification" not in by_name(catalog)  # the bullet is a category, not a paper


def test_top_papers_bold_titles_and_plain_appendix_items() -> None:
    catalog = load("top_papers.md")
    assert per_category(catalog) == {
        "Understanding / Transfer": 3,
        "Optimization / Training": 3,
        "Old Papers": 2,  # one item has no link, one repeats a URL from above
        "Video Lectures / Blogs": 2,
    }
    papers = by_name(catalog)
    first = papers["Squeezing knowledge into small networks"]
    assert (first.year, first.first_author) == (2015, "G. Hintonish")
    assert first.review_url == "http://arxiv.org/pdf/1503.00001"
    assert first.arxiv == "1503.00001"
    assert papers["Random search for knobs"].year == 2012
    no_year = papers["Semantic segmentation with dense conditional fields"]
    assert (no_year.year, no_year.first_author) == (None, "L. Chenko")
    plain = papers["Gradient-based learning for document pictures"]
    assert (plain.year, plain.first_author) == (1998, "Y. LeCunn")
    assert papers["Shrinking the dimensionality of data with neural nets"].first_author == (
        "G. Hintonish"
    )
    assert papers["Distillery"].review_url == "http://distillery.example.pub/"
    # Badges, prose links, the table of contents, comments and the license are not papers.
    assert "Another List" not in papers
    assert all("example.org/awesome" not in p.review_url for p in catalog.papers)


def test_roadmap_numbered_reference_paragraphs() -> None:
    catalog = load("roadmap.md")
    assert per_category(catalog) == {"Book": 1, "Survey": 1, "Model": 3, "Object Detection": 3}
    papers = by_name(catalog)
    book = papers["Deep learning for toys"]
    assert (book.first_author, book.year) == ("Ian Goodman", 2015)
    assert book.review_url == "http://www.toybook.example.org/"
    assert papers["Net2toy: Accelerating learning via transfer"].first_author == "Tian Chenny"
    assert papers["Understanding why deep nets are hard to train"].year == 2010
    wrapped = papers["R-TOY: Object Detection via Region-based Toy Networks"]  # title on two lines
    assert (wrapped.first_author, wrapped.year, wrapped.line) == ("Jifen Daiy", 2016, 31)
    assert papers["Sequence to sequence toys"].year == 2014  # curly quote inside the bold
    assert papers["Inceptoyism: Going Deeper into Toy Networks"].first_author == "Alex Mordvin"


def test_network_sections_one_paper_per_heading() -> None:
    catalog = load("network_sections.md")
    # The mis-levelled `## GateNet` section is a paper too and does not become a category.
    assert per_category(catalog) == {"Papers&Codes": 5}
    papers = by_name(catalog)
    lattice = papers["LatticeNet"]
    assert lattice.title == "Very Deep Lattice Networks for Toy Image Recognition"
    assert lattice.first_author == "Karen Simonetti"
    assert lattice.review_url == "https://arxiv.org/abs/1409.00011"
    assert lattice.line == 20
    assert papers["FoldNet"].review_url == "https://arxiv.org/abs/1409.00012"  # `- code [..]`
    assert papers["CBAMish"].title == "CBAMish: Convolutional Block Attention, Mostly"
    twins = papers["TwinsToy"]  # its bold line is an author list, not a title
    assert (twins.title, twins.first_author) == (None, "Wenhai Wangly")


def test_detectors_by_year_short_names_and_venues() -> None:
    catalog = load("detectors_by_year.md")
    assert per_category(catalog) == {"2014": 2, "2015": 3, "Dataset Papers": 2}
    papers = by_name(catalog)
    rtoy = papers["R-TOY"]
    assert rtoy.title == "Rich toy hierarchies for accurate object detection"
    assert (rtoy.venue, rtoy.year) == ("CVPR", 2014)
    assert rtoy.review_url == "https://arxiv.org/pdf/1311.00021.pdf"  # the pdf, not the code
    unnamed = papers["Improving Toy Detection with Bayesian Optimization"]
    assert (unnamed.title, unnamed.venue) == (None, "CVPR")
    assert papers["C-TOY"].title == (
        "C-TOY: Continuation Multiple Instance Learning for Toy Detection"
    )
    assert papers["Toys365"].review_url == "https://www.example.com/competition/toys365/"
    # Empty link, repeated URL, update log, TOC, prose and contact links are not papers.
    assert "NoLink" not in papers
    assert "Bounding box regression with toy uncertainty" not in papers
    assert not {"blog", "2014", "Paper list from 2014 to now"} & set(papers)


def test_awesome_list_bullets() -> None:
    catalog = load("awesome_list.md")
    assert catalog.categories == ["Vision", "Language"]  # numbering and emoji stripped
    names = [paper.name for paper in catalog.papers]
    assert names == [
        "LatticeNet",
        "FoldNet",
        "GateNet",
        "MaskLite",
        "Inner Net",
        "Parrot Transformer Model",
        "Parrot-Transformer Model",
        "Parrot Transformer Model",
        "Quoted Net",
    ]
    ids = [paper.id for paper in catalog.papers if paper.name.startswith("Parrot")]
    assert ids == [
        "parrot-transformer-model",
        "parrot-transformer-model-2",
        "parrot-transformer-model-3",
    ]
    foldnet = by_name(catalog)["FoldNet"]
    assert foldnet.review_url == "https://example.org/foldnet"
    assert foldnet.paper_url == "https://arxiv.org/pdf/1409.00012.pdf"
    assert foldnet.arxiv == "1409.00012"


def test_file_without_headings_uses_the_file_name() -> None:
    catalog = load("no_headings.md")
    assert catalog.categories == ["no headings"]
    assert parse_markdown("- [A](https://a.example)\n", "").categories == ["Uncategorized"]
    assert parse_markdown("- [A](https://a.example)\n", "-").categories == ["Uncategorized"]


# --- Generic rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# Only a heading\n\nSome prose.\n",
        "- [Jump](#section)\n- [Local](docs/a.md)\n- [Mail](mailto:a@example.com)\n",
        "[![badge](https://img.example/b.svg)](https://example.org)\n",
        "```\n- [In code](https://example.org/x)\n```\n",
        "<!-- - [Hidden](https://example.org/x) -->\n",
        "| [In a table](https://example.org/x) | b |\n|---|---|\n",
    ],
)
def test_no_papers_raises_with_the_source(text: str) -> None:
    with pytest.raises(CatalogError, match="no papers found") as caught:
        parse_markdown(text, "lists/empty.md")
    assert caught.value.source == "lists/empty.md"
    assert str(caught.value).startswith("lists/empty.md: ")


def test_names_are_plain_collapsed_and_limited() -> None:
    long_name = "word " * 100
    text = (
        "- [**Bold** `code` *em*   spaced](https://a.example)\n"
        f"- [{long_name}](https://b.example)\n"
        "- [Emoji\u00a0Name :fire:](https://c.example)\n"
    )
    names = [paper.name for paper in parse_markdown(text, "x.md").papers]
    assert names[0] == "Bold code em spaced"
    assert len(names[1]) == inline.NAME_LIMIT and names[1].endswith("…")
    assert names[2] == "Emoji Name :fire:"


def test_heading_cleanup() -> None:
    text = (
        "## 1.2 **Survey** :star:\n\n- [A](https://a.example)\n\n"
        "## #3 Models\n\n- [B](https://b.example)\n\n"
        "## 2016\n\n- [C](https://c.example)\n\n"
        "## 🔥 Hot *Papers*\n\n- [D](https://d.example)\n"
    )
    assert parse_markdown(text, "x.md").categories == ["Survey", "Models", "2016", "Hot Papers"]


def test_main_link_preference() -> None:
    text = (
        "- Some Title [[code]](https://code.example) [[pdf]](https://pdf.example)\n"
        "- Other Title [[review]](https://review.example) [[pdf]](https://pdf2.example)\n"
        "- Third Title [[code]](https://code3.example) [[web]](https://web3.example)\n"
    )
    papers = parse_markdown(text, "x.md").papers
    assert [(p.name, p.review_url, p.paper_url) for p in papers] == [
        ("Some Title", "https://pdf.example", None),
        ("Other Title", "https://review.example", "https://pdf2.example"),
        ("Third Title", "https://code3.example", None),
    ]


def test_repeated_url_keeps_the_first_entry() -> None:
    text = (
        "## A\n\n- [First](https://same.example/x)\n\n## B\n\n- [Second](https://same.example/x/)\n"
    )
    catalog = parse_markdown(text, "x.md")
    assert [(p.name, p.category) for p in catalog.papers] == [("First", "A")]
    assert catalog.categories == ["A"]


def test_lines_are_one_based_source_lines() -> None:
    text = "# T\n\n- [A](https://a.example)\n\n  continued\n\n[[B](https://b.example)]\n[[C](https://c.example)]\n"
    lines = {p.name: p.line for p in parse_markdown(text, "x.md").papers}
    assert lines == {"A": 3, "B": 7, "C": 8}


def test_source_is_recorded() -> None:
    catalog = parse_markdown("- [A](https://a.example)\n", "lists/mine.md")
    assert catalog.source == "lists/mine.md"
    assert not catalog.carries_progress


# --- The fast path must agree with markdown-it -----------------------------------------------


def full_parser_only() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.disable(["inline", "text_join"])
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def summary(text: str) -> list[tuple[str, str, int | None, str]] | str:
    try:
        catalog = parse_markdown(text, "doc.md")
    except CatalogError:
        return "no papers"
    return [(p.name, p.review_url, p.line, p.category) for p in catalog.papers]


_LINE_SHAPES = st.sampled_from(
    [
        "- [Alpha](https://a.example/1) - text",
        "- [Beta](https://b.example/2)",
        "* [Gamma](https://c.example/3) *em* and **bold**",
        "+ [Delta](https://d.example/4) [pdf](https://d.example/4.pdf)",
        "- **Bold** title (2019), A. Author [[pdf]](https://e.example/5)",
        "-  [Two spaces](https://f.example/6)",
        "- [Tab](https://g.example/7)\tafter",
        "  - [Nested](https://h.example/8)",
        "  continuation text",
        "lazy continuation",
        "",
        "## Heading",
        "> - [Quoted](https://i.example/9)",
        "> quote text",
        "```",
        "<!--",
        "-->",
        "<div>",
        "1. [Ordered](https://j.example/10)",
        "---",
        "===",
        "    indented code",
        "- - [Double](https://k.example/11)",
        "[ref]: https://l.example/12",
        "- [ref] and [Zeta](https://m.example/13)",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_SHAPES, min_size=1, max_size=12))
def test_fast_block_rule_matches_plain_markdown_it(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    fast = summary(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks, "markdown_parser", full_parser_only)
        patch.setattr(inline, "markdown_parser", full_parser_only)
        reference = summary(text)
    assert fast == reference


_LINK_TEXT = st.text(alphabet="ab cD*_!:-", min_size=1, max_size=8)
_URL = st.sampled_from(["https://x.example/a", "http://y.example/b_c", "https://z.example/(d)"])
_GLUE = st.text(alphabet="ab *_[]()!:-|,", max_size=6)


@st.composite
def bullet_contents(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(["", "**", "*", "1 ", "a "]))]
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(["pdf", "[pdf]", "code"]) | _LINK_TEXT)
        parts.append(f"[{text}]({draw(_URL)})")
        parts.append(draw(_GLUE))
    return "".join(parts).strip() or "x"


@settings(max_examples=400, deadline=None)
@given(bullet_contents())
def test_fast_link_reader_matches_the_inline_parser(content: str) -> None:
    fast = inline.fast_links(content)
    if fast is None:
        return  # left to the full parser
    full = entries.draft_from_item(inline.parse_inline(content, {}), 1)
    assert full is not None
    assert entries.draft_from_links(fast, 1) == full


@given(st.text(max_size=40))
def test_ascii_slug_shortcut_matches_slugify(name: str) -> None:
    """domain folds ASCII with lower() instead of NFKD + casefold: same ids either way."""
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name).casefold()
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    unicode_path = re.sub(r"[^0-9a-z]+", "-", folded).strip("-")[:80] or "paper"
    assert slugify(name) == unicode_path


def test_big_list_uses_the_fast_path() -> None:
    lines = [f"- [Paper {i}](https://example.org/p/{i}) - about paper {i}" for i in range(5000)]
    tokens = parser.markdown_parser().parse("# Big\n\n" + "\n".join(lines) + "\n", {})
    assert [token.type for token in tokens][-1] == "fast_list"
    catalog = parse_markdown("# Big\n\n" + "\n".join(lines) + "\n", "big.md")
    assert len(catalog.papers) == 5000
    assert catalog.papers[-1].id == "paper-4999"
    assert catalog.papers[-1].line == 5002


# --- The real files (present only on the development machine) -----------------------------------

REAL = pytest.mark.skipif(not SHARED.is_dir(), reason="/work/shared reading lists not available")


def real(path: str) -> Catalog:
    full = SHARED / path
    return parse_markdown(full.read_text(encoding="utf-8"), str(full))


@REAL
def test_real_source_catalog() -> None:
    catalog = real("catalog/deep-learning-paper-reviews.md")
    assert (len(catalog.papers), len(catalog.categories)) == (45, 5)
    assert by_name(catalog)["Sharpmask"].category == "Image Classification"


@REAL
def test_real_sh_tsang_excerpt() -> None:
    catalog = real("reading-lists/Richardyu114__-__sh-tsang-reviews-excerpt.md")
    # 73 entries (27/19/8/5/6/8); MultiPathNet is listed twice with the same URL, so 72 papers.
    assert list(per_category(catalog).values()) == [27, 19, 8, 5, 5, 8]
    assert len(catalog.papers) == 72
    assert by_name(catalog)["MultiPathNet"].category == "Object Detection"


@REAL
def test_real_roadmap() -> None:
    catalog = real("reading-lists/floodsung__Deep-Learning-Papers-Reading-Roadmap.md")
    assert (len(catalog.papers), len(catalog.categories)) == (133, 21)
    resnet = by_name(catalog)["Deep residual learning for image recognition"]
    assert (resnet.first_author, resnet.year) == ("Kaiming He", 2015)


@REAL
def test_real_image_classification_sections() -> None:
    catalog = real("reading-lists/weiaicunzai__awesome-image-classification.md")
    # 64 `###` sections plus `## DLA`, which the file puts one level too high.
    assert len(catalog.papers) == 65
    assert catalog.categories == ["Papers&Codes"]
    resnet = by_name(catalog)["ResNet"]
    assert resnet.title == "Deep Residual Learning for Image Recognition"
    assert resnet.review_url == "https://arxiv.org/abs/1512.03385"


@REAL
def test_real_object_detection_by_year() -> None:
    catalog = real("reading-lists/hoya012__deep_learning_object_detection.md")
    # 254 + 8 entries; two have an empty `()` link and one repeats an arXiv URL: 259 papers.
    assert per_category(catalog) == {
        "2014": 4,
        "2015": 7,
        "2016": 16,
        "2017": 15,
        "2018": 25,
        "2019": 98,
        "2020": 86,
        "Dataset Papers": 8,
    }


@REAL
def test_real_top_100() -> None:
    catalog = real("reading-lists/terryum__awesome-deep-learning-papers.md")
    assert (len(catalog.papers), len(catalog.categories)) == (233, 16)
    # 100 bold + 138 plain items: 3 have no link, 1 a broken `[[pdf]] (url)` link, 1 repeats a
    # URL (233 papers); the table of contents, badges and prose links are not papers.
    names = {paper.name for paper in catalog.papers}
    assert "Understanding / Generalization / Transfer" not in names
    assert by_name(catalog)["Distilling the knowledge in a neural network"].year == 2015
