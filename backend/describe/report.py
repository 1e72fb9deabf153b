"""Markdown reports of the describer: Bandai agreement, the CMU verb sample, sample captions."""

from __future__ import annotations

from pathlib import Path

from ..motion.timebase import FPS
from .agreement import TARGET, bandai_agreement, cmu_sample


def bandai_markdown(result: dict) -> str:
    """The per-content agreement of ``bandai_agreement`` as a table (splits side by side)."""
    splits = list(result)
    contents = sorted({c for rows in result.values() for c in rows if not c.startswith("(")}, key=lambda c: (c not in TARGET, c))
    head = "| content | " + " | ".join(f"{s} agree / takes | {s} rate" for s in splits) + " | confusions (test) |"
    lines = [head, "|---|" + "---:|---:|" * len(splits) + "---|"]
    for content in contents + ["(target contents)"]:
        cells = []
        for split in splits:
            row = result[split].get(content)
            cells += [f"{row['agree']} / {row['takes']}", f"{row['rate']:.1%}"] if row else ["", ""]
        confusions = result.get("test", {}).get(content, {}).get("confusions", {})
        label = f"**{content}**" if content in TARGET or content.startswith("(") else content
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + ", ".join(f"{k} {v}" for k, v in confusions.items()) + " |")
    return "\n".join(lines)


def cmu_markdown(rows: list[dict]) -> str:
    lines = ["| clip | description | its verb | describer's main verb | agree | found at all | detected events |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        events = r["events"] if len(r["events"]) <= 160 else r["events"][:157] + "..."
        lines.append(
            f"| {r['clip']} | {r['description']} | {r['description_verb']} | {r['describer_verb']} | "
            f"{'yes' if r['agree'] else '**no**'} | {'yes' if r['found'] else 'no'} | {events} |"
        )
    agree, found = sum(r["agree"] for r in rows), sum(r["found"] for r in rows)
    total = max(len(rows), 1)
    lines.append(f"\nMain verb agrees: {agree} of {len(rows)} ({agree / total:.0%}); the description's verb is among the detected events: {found} of {len(rows)} ({found / total:.0%}).")
    return "\n".join(lines)


def samples_markdown(folder: Path, *, n: int = 20, seed: int = 0) -> str:
    """``n`` clips of a build chosen by hash, with their labels and stored captions."""
    from ..data import cache
    from ..data.splits import stable_unit

    table = cache.read_table(folder)
    clips = sorted(table["clips"], key=lambda c: stable_unit(c["name"], seed))[:n]
    out = []
    for clip in sorted(clips, key=lambda c: c["name"]):
        take = table["takes"][clip["take"]]
        text = take["text"]
        label = f"content `{text['content']}`, style `{text['style']}`" if take["source"] == "bandai" else "description " + " / ".join(f"`{d}`" for d in text["descriptions"] or [text["subject_description"]])
        seconds = (clip["end"] - clip["start"]) / FPS
        out.append(f"### {clip['name']} ({take['source']}, {take['split']}, {seconds:.1f} s)\n\nLabel: {label}\n")
        out += [f"{k}. {c}" for k, c in enumerate(clip["captions"], 1)]
        out.append("")
    return "\n".join(out)


def agreement_report(folder: Path, *, n: int = 60, seed: int = 0) -> str:
    return "## Bandai content agreement\n\n" + bandai_markdown(bandai_agreement(folder)) + "\n\n## CMU verb sample\n\n" + cmu_markdown(cmu_sample(folder, n=n, seed=seed))
