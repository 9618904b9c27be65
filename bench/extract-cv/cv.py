#!/usr/bin/env python3
"""Host-fold cross-validation and per-pass ablation of `tidings extract` (issue #25).

Reads the shared corpora in place ($TIDINGS_SHARED/corpus/...), runs the release `tidings extract`
once per page and configuration (a few processes at a time), and scores the text with the shared
harness's own metric (imported from $TIDINGS_SHARED/bench/extract/run, not copied), so the numbers
are the harness's numbers.

* wcxb-articles is split into k folds by site (the registrable part of the host: no site in two
  folds; the split is a pure function of the corpus, the same on every machine).
* Per fold: F1/P/R of the full pipeline and of each pass switched off (`--skip PASS`); mean and
  spread across folds.
* Candidates (`--candidate NAME=BINARY[@pass,pass]`): variants of the extractor (another build,
  another skip set). Each fold is then scored with the candidate chosen on the other k-1 folds,
  which is the out-of-fold score of "choose among these"; the per-candidate fold scores are
  printed too.
* Checks, never tuned on: Mozilla (F1 and title match) and wcxb-docs.

Outputs are cached under target/extract-cv/ by binary hash + skip set, so a rerun after no
change costs only the scoring. Python 3 standard library only.

Without $TIDINGS_SHARED (or with the corpora or harness missing) it prints "not measured: ..."
and exits 0.
"""

import argparse
import concurrent.futures
import gzip
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
WORK = REPO / "target" / "extract-cv"
MOZILLA_URL = "http://fakehost/test/page.html"  # what Readability's own tests (and the harness) use
FULL = "full"

# Second-level labels under which the registrable name has three labels (bbc.co.uk, abc.net.au).
SECOND_LEVEL = {"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob", "nic"}


def not_measured(why):
    print(f"not measured: {why}")
    sys.exit(0)


def load_harness(shared):
    """The shared harness's module (its metric: tokenize, tp_fp_fn, aggregate, text_content)."""
    path = shared / "bench" / "extract" / "run"
    if not path.is_file():
        not_measured(f"the extraction harness was not found at {path} (set TIDINGS_SHARED)")
    loader = importlib.machinery.SourceFileLoader("extract_harness", str(path))
    spec = importlib.util.spec_from_loader("extract_harness", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def site_of(url):
    host = (url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "").lower()
    labels = [x for x in host.split(".") if x]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:]) or host


def assign_folds(pages, k):
    """Sites sorted by a hash of their name, then dealt out largest first to the fold with the
    fewest pages so far (ties to the lowest fold): balanced, deterministic, no site in two folds."""
    by_site = {}
    for p in pages:
        by_site.setdefault(site_of(p["url"]), []).append(p)
    order = sorted(by_site, key=lambda s: (-len(by_site[s]), hashlib.sha256(s.encode()).hexdigest()))
    sizes = [0] * k
    for site in order:
        fold = min(range(k), key=lambda i: (sizes[i], i))
        sizes[fold] += len(by_site[site])
        for p in by_site[site]:
            p["fold"] = fold
            p["site"] = site
    return pages


def load_scrapinghub(harness, corpus, pages_dir):
    gt = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for pid in sorted(gt):
        src = corpus / "html" / f"{pid}.html.gz"
        if not src.is_file():
            continue
        dst = pages_dir / f"{pid}.html"
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime:
            with gzip.open(src, "rb") as f:
                dst.write_bytes(f.read())
        pages.append({"id": pid, "path": str(dst), "url": gt[pid].get("url") or MOZILLA_URL,
                      "truth": gt[pid].get("articleBody", ""), "title": None})
    return pages


def load_mozilla(harness, corpus):
    pages = []
    for c in sorted(x for x in corpus.iterdir() if (x / "source.html").is_file()):
        meta_path = c / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        truth_path = c / "expected.html"
        truth = harness.text_content(truth_path.read_text(encoding="utf-8")) if truth_path.is_file() else None
        pages.append({"id": c.name, "path": str(c / "source.html"), "url": MOZILLA_URL,
                      "truth": truth, "title": meta.get("title")})
    return pages


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


class Variant:
    """One configuration of the extractor: a binary and the passes it skips."""

    def __init__(self, name, binary, skip):
        self.name, self.binary, self.skip = name, str(binary), tuple(skip)
        self.key = f"{file_hash(binary)}-{'+'.join(self.skip) or 'all'}"


def run_page(variant, corpus_name, page, timeout):
    out = WORK / "cache" / variant.key / corpus_name / f"{page['id']}.json"
    if out.exists():
        return json.loads(out.read_text(encoding="utf-8"))
    cmd = [variant.binary, "extract", "--url", page["url"], "--format", "json"]
    if variant.skip:
        cmd += ["--skip", ",".join(variant.skip)]
    cmd.append(page["path"])
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
        if proc.returncode != 0:
            result = {"text": "", "title": None,
                      "error": (proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}")[:300]}
        else:
            o = json.loads(proc.stdout)
            result = {"text": o.get("text") or "", "title": o.get("title"), "ms": o.get("extract_ms"),
                      "warnings": o.get("warnings") or []}
    except subprocess.TimeoutExpired:
        result = {"text": "", "title": None, "error": f"timeout after {timeout} s"}
    except ValueError as e:
        result = {"text": "", "title": None, "error": f"invalid JSON: {e}"}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result), encoding="utf-8")
    tmp.replace(out)
    return result


def run_all(jobs, variants_pages, timeout):
    """Runs every (variant, corpus, page) not cached yet; returns {(variant.key, corpus): {id: result}}."""
    tasks = [(v, c, p) for v, c, pages in variants_pages for p in pages]
    todo = sum(1 for v, c, p in tasks if not (WORK / "cache" / v.key / c / f"{p['id']}.json").exists())
    if todo:
        print(f"extracting {todo} pages ({len(tasks) - todo} cached) with {jobs} processes ...",
              file=sys.stderr, flush=True)
    results = {}
    started, done = time.monotonic(), 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_page, v, c, p, timeout): (v, c, p) for v, c, p in tasks}
        for fut in concurrent.futures.as_completed(futures):
            v, c, p = futures[fut]
            results.setdefault((v.key, c), {})[p["id"]] = fut.result()
            done += 1
            if todo and done % 500 == 0:
                print(f"  {done}/{len(tasks)} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    return results


def scores(harness, pages, results):
    """The harness's P, R, F1 (scrapinghub means) over `pages`, with title match and failures."""
    triples, titles, title_n, failures = [], 0, 0, 0
    for p in pages:
        o = results.get(p["id"], {"text": "", "error": "missing"})
        pred = o.get("text") or ""
        failures += bool(o.get("error")) or not pred.strip()
        if p["truth"] is None:
            continue
        triples.append(harness.tp_fp_fn(p["truth"], pred))
        if p.get("title"):
            title_n += 1
            titles += harness.norm_title(o.get("title")) == harness.norm_title(p["title"])
    P, R, F = harness.aggregate(triples) if triples else (0.0, 0.0, 0.0)
    return {"P": P, "R": R, "F1": F, "title": titles / title_n if title_n else None,
            "failures": failures, "n": len(triples)}


def spread(values):
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.mean(values), sd, min(values), max(values)


def f3(x):
    return f"{x:.3f}"


def signed(x):
    return f"{x:+.4f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    ap.add_argument("--binary", default=str(target / "release" / "tidings"),
                    help="the tidings binary (default: $CARGO_TARGET_DIR or target/, release/tidings)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes at a time (default 2)")
    ap.add_argument("--ablate", default="all",
                    help="passes to switch off one at a time: all, none, or PASS,PASS")
    ap.add_argument("--candidate", action="append", default=[], metavar="NAME=BINARY[@PASS,PASS]",
                    help="a variant to choose among by the out-of-fold protocol (repeatable)")
    ap.add_argument("--no-checks", action="store_true", help="leave out Mozilla and wcxb-docs")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--out", default=str(WORK / "report.md"), help="where the Markdown report is written")
    args = ap.parse_args()

    shared = os.environ.get("TIDINGS_SHARED")
    if not shared:
        not_measured("TIDINGS_SHARED is not set (the folder with corpus/ and bench/extract/)")
    shared = Path(shared)
    articles = shared / "corpus" / "wcxb-articles"
    if not (articles / "ground-truth.json").is_file():
        not_measured(f"the wcxb-articles corpus was not found at {articles}")
    harness = load_harness(shared)
    binary = Path(args.binary)
    if not binary.is_file():
        sys.exit(f"no tidings binary at {binary}: cargo build --release -p tidings-cli")

    pages = assign_folds(load_scrapinghub(harness, articles, WORK / "pages" / "wcxb-articles"), args.folds)
    folds = [[p for p in pages if p["fold"] == i] for i in range(args.folds)]

    full = Variant(FULL, binary, ())
    passes = subprocess.run([str(binary), "extract", "--skip", "?", "--format", "json", "--url",
                             MOZILLA_URL, "/dev/null"], capture_output=True, text=True).stderr
    names = passes.split("the passes are ", 1)[-1].strip().rstrip(".").split(", ") if "the passes are" in passes else []
    if args.ablate == "all":
        ablate = names
    elif args.ablate == "none":
        ablate = []
    else:
        ablate = [x for x in args.ablate.split(",") if x]
    ablations = [Variant(f"-{name}", binary, (name,)) for name in ablate]
    candidates = []
    for spec in args.candidate:
        name, _, rest = spec.partition("=")
        path, _, skip = rest.partition("@")
        candidates.append(Variant(name, Path(path), [x for x in skip.split(",") if x]))

    checks = []
    if not args.no_checks:
        moz = shared / "corpus" / "mozilla"
        docs = shared / "corpus" / "wcxb-docs"
        if moz.is_dir():
            checks.append(("mozilla", load_mozilla(harness, moz)))
        if (docs / "ground-truth.json").is_file():
            checks.append(("wcxb-docs", load_scrapinghub(harness, docs, WORK / "pages" / "wcxb-docs")))

    work = [(v, "wcxb-articles", pages) for v in [full] + ablations + candidates]
    work += [(v, name, cpages) for v in [full] + candidates for name, cpages in checks]
    results = run_all(args.jobs, work, args.timeout)

    def fold_scores(variant):
        res = results.get((variant.key, "wcxb-articles"), {})
        return [scores(harness, fold, res) for fold in folds]

    lines = []
    out = lines.append
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    out(f"Host-fold cross-validation of `tidings extract` on wcxb-articles ({len(pages)} pages, "
        f"{len({p['site'] for p in pages})} sites, k={args.folds}); binary {full.key.split('-')[0]} "
        f"at {commit or 'unknown commit'}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")
    out("")
    out("### Full pipeline, per fold")
    out("")
    out("| fold | pages | sites | F1 | P | R | failures |")
    out("|---|---|---|---|---|---|---|")
    base = fold_scores(full)
    for i, (fold, s) in enumerate(zip(folds, base)):
        out(f"| {i + 1} | {len(fold)} | {len({p['site'] for p in fold})} | {f3(s['F1'])} | {f3(s['P'])} "
            f"| {f3(s['R'])} | {s['failures']} |")
    m, sd, lo, hi = spread([s["F1"] for s in base])
    out(f"| **mean** | | | **{f3(m)}** ± {sd:.3f} (min {f3(lo)}, max {f3(hi)}) "
        f"| {f3(statistics.mean(s['P'] for s in base))} | {f3(statistics.mean(s['R'] for s in base))} | |")
    out("")

    if ablations:
        out("### Ablation: each pass switched off (`--skip PASS`)")
        out("")
        out("ΔF1 = F1 without the pass − F1 with it, per fold: **negative means the pass helps**. "
            "'helps in' counts the folds where the full pipeline scores higher.")
        out("")
        head = " | ".join(f"ΔF1 f{i + 1}" for i in range(args.folds))
        out(f"| skipped | F1 mean | {head} | ΔF1 mean | ΔP mean | ΔR mean | helps in |")
        out("|---|---|" + "---|" * args.folds + "---|---|---|---|")
        for v in ablations:
            s = fold_scores(v)
            d = [a["F1"] - b["F1"] for a, b in zip(s, base)]
            dp = statistics.mean(a["P"] - b["P"] for a, b in zip(s, base))
            dr = statistics.mean(a["R"] - b["R"] for a, b in zip(s, base))
            helps = sum(x < -1e-9 for x in d)
            hurts = sum(x > 1e-9 for x in d)
            out(f"| {v.name[1:]} | {f3(statistics.mean(a['F1'] for a in s))} | "
                + " | ".join(signed(x) for x in d)
                + f" | **{signed(statistics.mean(d))}** | {signed(dp)} | {signed(dr)} | "
                f"{helps}/{args.folds}{f' (hurts in {hurts})' if hurts else ''} |")
        out("")

    if candidates:
        out("### Candidates, chosen out of fold")
        out("")
        per = {c.name: fold_scores(c) for c in candidates}
        head = " | ".join(f"f{i + 1}" for i in range(args.folds))
        out(f"| candidate | {head} | mean | sd |")
        out("|---|" + "---|" * args.folds + "---|---|")
        for c in candidates:
            f1s = [s["F1"] for s in per[c.name]]
            m, sd, _, _ = spread(f1s)
            out(f"| {c.name}{' (skips ' + ','.join(c.skip) + ')' if c.skip else ''} | "
                + " | ".join(f"{x:.4f}" for x in f1s) + f" | {m:.4f} | {sd:.4f} |")
        # For each fold: the candidate with the best mean F1 on the other folds, scored on it.
        chosen, held = [], []
        for i in range(args.folds):
            def train(c):
                return statistics.mean(per[c.name][j]["F1"] for j in range(args.folds) if j != i)
            best = max(candidates, key=lambda c: (train(c), -candidates.index(c)))
            chosen.append(best.name)
            held.append(per[best.name][i]["F1"])
        m, sd, lo, hi = spread(held)
        out(f"| **chosen on the other folds** | " + " | ".join(f"{x:.4f} ({n})" for x, n in zip(held, chosen))
            + f" | **{m:.4f}** | {sd:.4f} |")
        out("")

    if checks:
        out("### Checks (never tuned on)")
        out("")
        out("| corpus | variant | pages | F1 | P | R | titles | failures |")
        out("|---|---|---|---|---|---|---|---|")
        for name, cpages in checks:
            for v in [full] + candidates:
                s = scores(harness, cpages, results.get((v.key, name), {}))
                title = f"{s['title'] * 100:.1f} %" if s["title"] is not None else "–"
                out(f"| {name} | {v.name} | {s['n']} | {f3(s['F1'])} | {f3(s['P'])} | {f3(s['R'])} "
                    f"| {title} | {s['failures']} |")
        out("")

    ms = [r.get("ms") for r in results.get((full.key, "wcxb-articles"), {}).values() if r.get("ms")]
    if ms:
        out(f"Full pipeline on wcxb-articles: extract_ms median {statistics.median(ms):.1f}, "
            f"total {sum(ms) / 1000:.1f} s (machine-dependent; the harness gives the ratio to Readability.js).")
    # Per page, for reading what a change did: the full pipeline and every candidate.
    with (WORK / "pages.tsv").open("w", encoding="utf-8") as f:
        variants = [full] + candidates
        f.write("corpus\tid\tfold\t" + "\t".join(f"F1 {v.name}" for v in variants) + "\twarnings\n")
        for name, cpages in [("wcxb-articles", pages)] + checks:
            for p in cpages:
                if p["truth"] is None:
                    continue
                row = []
                for v in variants:
                    o = results.get((v.key, name), {}).get(p["id"], {})
                    t = harness.tp_fp_fn(p["truth"], o.get("text") or "")
                    pp, rr = harness.precision_score(*t), harness.recall_score(*t)
                    row.append(f"{harness.f1(pp, rr) if t[0] + t[1] > 0 else 0.0:.4f}")
                warnings = "; ".join(results.get((full.key, name), {}).get(p["id"], {}).get("warnings") or [])
                f.write(f"{name}\t{p['id']}\t{p.get('fold', -1) + 1}\t" + "\t".join(row) + f"\t{warnings}\n")
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
