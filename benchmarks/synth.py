"""Synthetic catalogs for benchmarks and tests: N papers across ~20 categories, as a catalog
YAML (the README's shape) and as an awesome-list style Markdown reading list.

Deterministic (seeded), so runs are comparable. Written with plain string formatting instead
of `yaml.dump`: dumping 100,000 entries with PyYAML would take longer than what we measure.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CATEGORIES: tuple[str, ...] = (
    "Image Classification",
    "Object Detection",
    "Semantic Segmentation",
    "Biomedical Image Segmentation",
    "Instance Segmentation",
    "Pose Estimation",
    "Super Resolution",
    "Image Generation",
    "Video Understanding",
    "Depth Estimation",
    "Optical Flow",
    "Face Recognition",
    "Text Recognition",
    "Language Modelling",
    "Machine Translation",
    "Speech Recognition",
    "Reinforcement Learning",
    "Graph Networks",
    "Model Compression",
    "Self-Supervised Learning",
)
STEMS = ("Net", "Former", "GAN", "Seg", "Det", "Flow", "Res", "Trans", "Mix", "Conv")
VENUES = ("CVPR", "ICCV", "ECCV", "NeurIPS", "ICML", "ICLR", "AAAI", "BMVC", "TPAMI", "arXiv")
AUTHORS = ("Kaiming He", "Ross Girshick", "Yann LeCun", "Alex Krizhevsky", "Jian Sun", "Li Fei-Fei")


@dataclass(frozen=True, slots=True)
class SynthPaper:
    id: str
    name: str
    category: str
    review_url: str
    aliases: tuple[str, ...]
    title: str | None
    first_author: str | None
    year: int | None
    venue: str | None
    arxiv: str | None


def papers(n: int, *, seed: int = 5) -> Iterator[SynthPaper]:
    """`n` papers, grouped by category in catalog order (like a real list)."""
    rng = random.Random(seed)
    per_cat = -(-n // len(CATEGORIES))
    for i in range(n):
        category = CATEGORIES[min(i // per_cat, len(CATEGORIES) - 1)]
        stem = STEMS[i % len(STEMS)]
        name = f"{stem}-{i:06d}"
        aliases = (f"{stem}{i}", f"{stem} v{i % 7 + 1}-{i}") if i % 3 == 0 else ()
        rich = i % 2 == 0  # half the entries carry full bibliographic facts, like the seed
        year = 1990 + rng.randrange(36)
        yield SynthPaper(
            id=f"{stem.lower()}-{i:06d}",
            name=name,
            category=category,
            review_url=f"https://reviews.example.org/{category.split()[0].lower()}/{name.lower()}-{i:x}",
            aliases=aliases,
            title=f"Deep {stem} number {i} for {category.lower()}" if rich else None,
            first_author=AUTHORS[i % len(AUTHORS)] if rich else None,
            year=year if rich else None,
            venue=VENUES[i % len(VENUES)] if rich else None,
            arxiv=f"{year % 100:02d}{rng.randrange(1, 13):02d}.{i % 100000:05d}" if rich else None,
        )


def _q(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars, and quick to produce.
    return json.dumps(text, ensure_ascii=False)


def yaml_lines(n: int, *, seed: int = 5) -> Iterator[str]:
    yield "categories:"
    yield from (f"  - {_q(c)}" for c in CATEGORIES)
    yield "papers:"
    for p in papers(n, seed=seed):
        yield f"  - id: {p.id}"
        yield f"    name: {_q(p.name)}"
        yield f"    category: {_q(p.category)}"
        yield f"    review_url: {p.review_url}"
        if p.aliases:
            yield f"    aliases: [{', '.join(_q(a) for a in p.aliases)}]"
        if p.title:
            yield f"    title: {_q(p.title)}"
            yield f"    first_author: {_q(p.first_author or '')}"
            yield f"    year: {p.year}"
            yield f"    venue: {p.venue}"
            yield f'    arxiv: "{p.arxiv}"'


def markdown_lines(n: int, *, seed: int = 5) -> Iterator[str]:
    """An awesome-list: a heading per category, one linked bullet per paper."""
    yield "# Synthetic deep-learning reading list"
    yield ""
    current = None
    for p in papers(n, seed=seed):
        if p.category != current:
            yield from ("", f"## {p.category}", "")
            current = p.category
        yield f"- [{p.name}]({p.review_url})"


def yaml_text(n: int, *, seed: int = 5) -> str:
    return "\n".join(yaml_lines(n, seed=seed)) + "\n"


def markdown_text(n: int, *, seed: int = 5) -> str:
    return "\n".join(markdown_lines(n, seed=seed)) + "\n"


def write_catalogs(folder: Path, n: int) -> tuple[Path, Path]:
    """Write `papers-N.yaml` and `list-N.md` into `folder`; returns both paths.

    Streamed line by line: the benchmark process must stay small, because a child started
    with vfork/exec reports the parent's peak RSS as its own floor (ru_maxrss).
    """
    folder.mkdir(parents=True, exist_ok=True)
    yaml_path = folder / f"papers-{n}.yaml"
    md_path = folder / f"list-{n}.md"
    for path, lines in ((yaml_path, yaml_lines(n)), (md_path, markdown_lines(n))):
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)
    return yaml_path, md_path


def nth_paper(n: int, index: int, *, seed: int = 5) -> SynthPaper:
    """The paper at `index` of the `n`-paper catalog (for commands that name one paper)."""
    return next(itertools.islice(papers(n, seed=seed), index, None))
