"""Checks of the built documentation, run after the build.

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m pytest docs/test_built_docs.py

- every public method of the estimators (inherited ones included) is on its
  API page, in the methods table and documented in full, with a link to its
  source where it is ours; notes inherited from scikit-learn name its versions;
- every cross-reference is a link, and every link into the documentation of
  scikit-learn, Python, NumPy or joblib names an object of the installed
  package;
- no built page loads anything from the network (scripts, stylesheets,
  fonts, images, frames), and the maths renderer is the local copy;
- the Getting started page runs as written and prints what it shows;
- the gallery examples are code to copy: no build switches, and what they
  print fits the page.
"""

import contextlib
import io
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sklearn_mlp_np

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "sphinxext"))

import offline_inventories  # noqa: E402

BUILD = DOCS / "_build" / "html"
PUBLIC_CLASSES = [
    sklearn_mlp_np.NumpyMLPClassifier,
    sklearn_mlp_np.NumpyMLPRegressor,
    sklearn_mlp_np.LossCurveDisplay,
]


@pytest.fixture(scope="module", autouse=True)
def built():
    if not (BUILD / "index.html").exists():
        pytest.fail(f"no built documentation in {BUILD}: run the docs build first")


def public_methods(cls):
    """What a user can call: public callables, inherited ones included."""
    return sorted(
        name
        for name in dir(cls)
        if not name.startswith("_") and callable(getattr(cls, name, None))
    )


def api_page(cls):
    return (BUILD / "generated" / f"sklearn_mlp_np.{cls.__name__}.html").read_text()


# ---- the API pages ------------------------------------------------------------


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
def test_every_public_method_is_documented_on_its_page(cls):
    page = api_page(cls)
    methods = public_methods(cls)
    assert "fit" in methods or cls is sklearn_mlp_np.LossCurveDisplay
    for name in methods:
        anchor = f"sklearn_mlp_np.{cls.__name__}.{name}"
        # Documented in full (autodoc gives the entry this id) ...
        assert f'id="{anchor}"' in page, f"{name} is not documented on the page"
        # ... and listed in the methods table, which links to that entry.
        assert f'href="#{anchor}"' in page, f"{name} is not in the methods table"


@pytest.mark.parametrize("cls", PUBLIC_CLASSES[:2], ids=lambda cls: cls.__name__)
def test_estimator_pages_link_the_user_guide_and_the_gallery(cls):
    page = api_page(cls)
    assert "Read more in the" in page and "model.html#model" in page
    assert "Gallery examples" in page and "auto_examples/" in page


def test_scikit_learn_names_link_to_its_documentation():
    page = api_page(sklearn_mlp_np.NumpyMLPClassifier)
    target = (
        "https://scikit-learn.org/stable/modules/generated/"
        "sklearn.neural_network.MLPClassifier.html"
    )
    assert f'href="{target}#sklearn.neural_network.MLPClassifier"' in page


@pytest.mark.parametrize("cls", PUBLIC_CLASSES[:2], ids=lambda cls: cls.__name__)
def test_inherited_version_notes_name_scikit_learn(cls):
    # scikit-learn's "versionadded:: 1.3" would read as this package's 1.3.
    page = api_page(cls)
    text = re.sub(r"<[^>]+>", "", page)
    assert not re.search(r"(Added|Changed) in version|Deprecated since version", text)
    assert "Added in scikit-learn 1.3." in text  # set_fit_request's note


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
def test_api_pages_link_to_the_source(cls):
    page = api_page(cls)
    links = re.findall(
        r'<a class="reference internal" href="([^"]+)">'
        r'<span class="viewcode-link">',
        page,
    )
    assert links, "no [source] link"
    for link in links:
        source = (BUILD / "generated" / link.split("#")[0]).resolve()
        assert source.is_file(), link
        anchor = link.split("#")[1]
        assert f'id="{anchor}"' in source.read_text(), link


class _Links(HTMLParser):
    """The hrefs of a page, and its cross-references that are not links."""

    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.unlinked = []
        self._open_links = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open_links += 1
            if attrs.get("href"):
                self.hrefs.append(attrs["href"])
        classes = (attrs.get("class") or "").split()
        if "xref" in classes and not self._open_links:
            self._text = []
            self.unlinked.append(self._text)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open_links = max(0, self._open_links - 1)

    def handle_data(self, data):
        if self.unlinked and self.unlinked[-1] is getattr(self, "_text", None):
            self._text.append(data)


def _built_pages():
    return [
        page
        for page in sorted(BUILD.rglob("*.html"))
        if "_modules" not in page.parts and "_sources" not in page.parts
    ]


def test_every_cross_reference_is_a_link():
    # Sphinx renders a reference it could not resolve as <code class="xref">
    # outside any link (the nitpicky -W build refuses them too).
    unlinked = {}
    for page in _built_pages():
        parser = _Links()
        parser.feed(page.read_text(errors="replace"))
        if parser.unlinked:
            names = ["".join(text) for text in parser.unlinked]
            unlinked[str(page.relative_to(BUILD))] = names
    assert not unlinked, f"cross-references that link nowhere: {unlinked}"


# How each site names an object in its URLs: (site, page pattern).
OBJECT_PAGES = [
    (
        "https://scikit-learn.org/stable/",
        re.compile(r"modules/generated/(?P<page>sklearn\.[\w.]+)\.html#(?P<anchor>.+)"),
    ),
    (
        "https://numpy.org/doc/stable/",
        re.compile(r"reference/generated/(?P<page>numpy\.[\w.]+)\.html#(?P<anchor>.+)"),
    ),
    (
        "https://joblib.readthedocs.io/en/stable/",
        re.compile(r"generated/(?P<page>joblib\.[\w.]+)\.html#(?P<anchor>.+)"),
    ),
    (
        "https://docs.python.org/3/",
        re.compile(r"library/(?P<page>[\w.]+)\.html#(?P<anchor>.+)"),
    ),
]
# scikit-learn's pages that are not an object's: its labels and glossary terms.
SKLEARN_PAGES = {
    "https://scikit-learn.org/stable/" + uri
    for _, role, _, uri, _ in offline_inventories.entries("sklearn")
    if role.startswith("std:")
}


def _names_an_installed_object(url):
    """Whether ``url`` is the page and anchor of an object of the installed package."""
    for site, pattern in OBJECT_PAGES:
        match = (
            pattern.fullmatch(url.removeprefix(site)) if url.startswith(site) else None
        )
        if match is None:
            continue
        page, anchor = match["page"], match["anchor"]
        if anchor == f"module-{page}":
            anchor = page
        try:
            obj = offline_inventories.resolve(page)
        except ImportError:
            return False
        if anchor == page:
            return True
        member = anchor.removeprefix(page + ".")
        return member != anchor and "." not in member and hasattr(obj, member)
    return False


def test_links_to_other_projects_name_objects_that_exist():
    sites = tuple(url for url, _ in offline_inventories.INVENTORIES.values())
    bad = {}
    for page in _built_pages():
        parser = _Links()
        parser.feed(page.read_text(errors="replace"))
        for href in parser.hrefs:
            if not href.startswith(sites) or href in SKLEARN_PAGES:
                continue
            if not _names_an_installed_object(href):
                bad.setdefault(str(page.relative_to(BUILD)), []).append(href)
    assert not bad, f"links to objects the installed packages lack: {bad}"


def test_the_link_check_refuses_dead_targets():
    # The check above, on the targets issue 21 found dead, misspelt.
    good = (
        "https://scikit-learn.org/stable/modules/generated/"
        "sklearn.metrics.check_scoring.html#sklearn.metrics.check_scoring"
    )
    assert _names_an_installed_object(good)
    assert _names_an_installed_object(
        "https://docs.python.org/3/library/pickle.html#module-pickle"
    )
    for dead in [
        good.replace("check_scoring", "check_scorer"),
        "https://scikit-learn.org/stable/modules/generated/"
        "sklearn.utils.MetadataRequest.html#sklearn.utils.MetadataRequest",
        "https://scikit-learn.org/stable/modules/generated/sklearn.pipeline."
        "Pipeline.html#sklearn.pipeline.Pipeline.no_such_method",
        "https://joblib.readthedocs.io/en/stable/generated/joblib.html#joblib",
        "https://docs.python.org/3/library/pickles.html#module-pickles",
    ]:
        assert not _names_an_installed_object(dead), dead


# ---- nothing loaded from the network --------------------------------------------

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
# Attributes through which a page loads something as it is shown. A plain link
# (<a href>) only navigates, so it is not among them.
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
}
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?|@import\s+['"])\s*(https?:)?//""", re.I)


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.remote = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = LOADING_ATTRIBUTES.get(tag, [])
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            names = ["href"] if rels & LOADING_LINK_RELS else []
        for name in names:
            for value in (attrs.get(name) or "").split(","):
                if REMOTE.match(value):
                    self.remote.append(f"<{tag} {name}={value.strip()!r}>")
        if CSS_REMOTE.search(attrs.get("style") or ""):
            self.remote.append(f"<{tag} style={attrs['style']!r}>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style and CSS_REMOTE.search(data):
            self.remote.append(f"<style> {CSS_REMOTE.search(data).group(0)}")


def test_no_page_loads_anything_from_the_network():
    pages = sorted(BUILD.rglob("*.html"))
    assert len(pages) > 20
    found = {}
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(errors="replace"))
        if parser.remote:
            found[str(page.relative_to(BUILD))] = parser.remote
    for css in sorted(BUILD.rglob("*.css")):
        remote = CSS_REMOTE.findall(css.read_text(errors="replace"))
        if remote:
            found[str(css.relative_to(BUILD))] = remote
    assert not found, f"loads from the network: {found}"


def test_the_tabular_page_says_which_rows_each_study_scored_on():
    # The ablation scored on test rows, the validation that chose a default
    # on validation rows: the rendered reports must not read alike.
    page = (BUILD / "tabular.html").read_text()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).replace("\u2019", "'").split())
    assert text.count("scored on the test rows.") == 1  # the ablation's report
    assert (
        "scored on validation rows (a quarter of each split's training rows; "
        "a split's own test rows are not used; another split's can be)"
    ) in text
    assert "full (the defaults when it ran)" in text
    # The third round's pairs read as the tuples the estimator takes.
    assert "embedding_sigma=(0.1, 10.0)" in text
    assert "full (the defaults) 1.000" in text  # the ablation's own row


def test_maths_is_rendered_by_the_local_mathjax():
    page = (BUILD / "model.html").read_text()
    scripts = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', page, re.I)
    assert scripts, "the maths page loads no MathJax"
    for src in scripts:
        assert not REMOTE.match(src)
        assert (BUILD / src.split("?")[0]).is_file(), src


# ---- pages that run as written --------------------------------------------------


def code_blocks(rst):
    """The ``python`` code blocks of a page, each with the text block after it."""
    blocks = []
    lines = rst.splitlines()
    i = 0
    while i < len(lines):
        match = re.match(r"\.\. code-block:: (\w+)", lines[i])
        if not match:
            i += 1
            continue
        body = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" ")):
            body.append(lines[i][4:])
            i += 1
        blocks.append((match.group(1), "\n".join(body).strip("\n")))
    pairs = []
    for k, (language, text) in enumerate(blocks):
        if language == "python":
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            output = after[1] if after and after[0] == "text" else None
            pairs.append((text, output))
    return pairs


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def same_output(shown, printed):
    """The same text, with numbers equal to the precision shown."""
    if NUMBER.sub("#", shown).split() != NUMBER.sub("#", printed).split():
        return False
    for a, b in zip(NUMBER.findall(shown), NUMBER.findall(printed)):
        decimals = len(a.split(".")[1]) if "." in a else 0
        if abs(float(a) - float(b)) > 10**-decimals:
            return False
    return True


@pytest.mark.parametrize("page", ["index.rst", "getting_started.rst", "tips.rst"])
def test_page_runs_as_written_and_prints_what_it_shows(page):
    import sklearn
    from threadpoolctl import threadpool_limits

    namespace = {}
    # One BLAS thread, as in the docs build that wrote the outputs shown; the
    # page's set_config (tips.rst enables metadata routing) is undone after.
    with threadpool_limits(limits=1), sklearn.config_context():
        for code, shown in code_blocks((DOCS / page).read_text()):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code, page, "exec"), namespace)
            if shown is not None:
                assert same_output(shown, printed.getvalue()), (
                    f"{page} shows\n{shown}\nbut the code prints\n{printed.getvalue()}"
                )


# ---- the examples ---------------------------------------------------------------


@pytest.mark.parametrize(
    "example",
    sorted((DOCS / "examples").rglob("*.py")),
    ids=lambda path: path.name,
)
def test_examples_are_code_to_copy(example):
    source = example.read_text()
    for switch in ("SKLEARN_MLP_NP_FAST", "fmt: skip", "fmt: off", "os.environ"):
        assert switch not in source, f"{example.name} contains {switch!r}"
    built = BUILD / "auto_examples" / example.parent.name / f"{example.stem}.html"
    assert built.is_file(), f"{example.name} has no page in the gallery"


@pytest.mark.parametrize(
    "page",
    sorted((DOCS / "auto_examples").glob("*/plot_*.rst")),
    ids=lambda path: path.name,
)
def test_example_outputs_fit_the_page(page):
    # What an example prints is shown in a box as wide as its 79-character
    # code lines; a longer line would be cut off.
    outputs = re.findall(
        r" \.\. code-block:: none\n\n((?:    .*\n|\n)+)", page.read_text()
    )
    for output in outputs:
        for line in output.splitlines():
            assert len(line) - 4 <= 79, f"{page.name} prints a long line: {line}"


# ---- what the examples claim, against what they print -------------------------
#
# sphinx-gallery runs every example during the build and writes what it
# prints into the example's page source, docs/auto_examples/<section>/<name>.rst.
# Each check below reads those numbers and holds the example to the sentence
# of its text that it quotes: the quote must still be in the example (so a
# rewritten claim is checked again), and the numbers must bear it out.

EXAMPLES = DOCS / "examples"
OUTPUT_BLOCK = re.compile(r" \.\. code-block:: none\n\n((?:    .*\n|\n)+)")
CLAIMS = {}


def claim(example, *quotes):
    """Register a check of ``example``'s claims, each quoted from its text."""

    def register(check):
        CLAIMS[f"{example}::{check.__name__}"] = (example, quotes, check)
        return check

    return register


def printed(example):
    """What ``example`` printed when the build ran it."""
    (page,) = (DOCS / "auto_examples").glob(f"*/{Path(example).stem}.rst")
    blocks = OUTPUT_BLOCK.findall(page.read_text())
    return "\n".join(
        "\n".join(line[4:] for line in block.splitlines()) for block in blocks
    )


def prose(example):
    """The example's text, comment markers removed and spaces collapsed."""
    (source,) = EXAMPLES.glob(f"*/{example}")
    text = re.sub(r"(?m)^\s*# ?", "", source.read_text())
    return " ".join(text.split())


def rows(pattern, text):
    """Every match of ``pattern`` in ``text``, its groups as numbers if they are."""

    def value(group):
        try:
            return float(group)
        except ValueError:
            return group

    found = [tuple(map(value, m.groups())) for m in re.finditer(pattern, text)]
    assert found, f"nothing printed matches {pattern!r}"
    return found


def numbers(text):
    return [float(n) for n in NUMBER.findall(text)]


@claim(
    "plot_feature_selection.py",
    "Dropping noise inputs first raises the accuracy",
    "At ``alpha_features=20`` it keeps exactly the four informative inputs, "
    "but its own accuracy falls",
    "Stronger still, it drops every input.",
    "Both paths find the four informative inputs.",
    "whatever it keeps, its accuracy stays below the network's best on its "
    "path and below the network refit on the inputs selected",
    "At four inputs, though, the penalised network does no better than the "
    "linear model",
)
def check_feature_selection(out):
    path = {
        alpha: (kept, used, accuracy)
        for alpha, kept, used, accuracy in rows(
            r"alpha_features=\s*([\d.]+):\s+(\d+) inputs?\s+\[([\d ]*)\], "
            r"test accuracy ([\d.]+)",
            out,
        )
    }
    linear = rows(r"C=\s*([\d.]+):\s+(\d+) inputs?, test accuracy ([\d.]+)", out)
    ((refit_kept, refit, all_inputs),) = rows(
        r"selected (\d+) inputs, refit: test accuracy ([\d.]+) "
        r"\(all 40 inputs: ([\d.]+)\)",
        out,
    )
    assert path[1.0][2] > path[0.0][2]
    assert path[20.0][0] == 4 and path[20.0][1].split() == ["0", "1", "2", "3"]
    assert path[20.0][2] < path[10.0][2]
    assert path[50.0][0] == 0
    assert 4 in [kept for _, kept, _ in linear]
    best_linear = max(accuracy for _, _, accuracy in linear)
    assert best_linear < max(accuracy for _, _, accuracy in path.values())
    assert best_linear < refit and refit > all_inputs and refit_kept == 4
    (linear_at_4,) = [accuracy for _, kept, accuracy in linear if kept == 4]
    assert not re.search(r"\b1 inputs", out)
    assert path[20.0][2] <= linear_at_4


@claim(
    "plot_activations.py",
    "there are seven more: 'leaky_relu', 'elu', 'softplus', 'gelu', 'silu', "
    "'selu' and 'mish'",
    "The test accuracies differ by a few points at most",
)
def check_activations(out):
    accuracy = dict(rows(r"(?m)^(\S.*?)\s+test accuracy ([\d.]+)$", out))
    for name in (
        "relu",
        "leaky_relu",
        "elu",
        "softplus",
        "gelu",
        "silu",
        "selu",
        "mish",
    ):
        assert name in accuracy, f"{name} is not shown"
    assert max(accuracy.values()) - min(accuracy.values()) <= 0.05


@claim(
    "plot_dropout.py",
    "At every seed, the network without dropout ends with a much higher "
    "held-out loss than the one with dropout.",
    "the lowest held-out losses are the same within their spread, and so are "
    "the accuracies",
    "Without dropout the held-out loss reaches its lowest after about 15 "
    "epochs and climbs from there",
    "with dropout it gets there more slowly and stays",
)
def check_dropout(out):
    last = {
        rate: numbers(values)
        for rate, values in rows(r"(?m)^  dropout=([\d.]+): ([\d. ]+)$", out)
    }
    assert len(last[0.0]) == len(last[0.5]) >= 3
    assert all(a > 1.3 * b for a, b in zip(last[0.0], last[0.5]))
    summary = {
        row[0]: row[1:]
        for row in rows(
            r"dropout=([\d.]+): last ([\d.]+) ± ([\d.]+), lowest ([\d.]+) "
            r"± ([\d.]+) \(epoch (\d+)\)\s+accuracy ([\d.]+) ± ([\d.]+)",
            out,
        )
    }
    _, _, lowest_0, spread_0, epoch_0, accuracy_0, accuracy_spread_0 = summary[0.0]
    last_5, spread_5, lowest_5, lowest_spread_5, epoch_5, accuracy_5, _ = summary[0.5]
    assert abs(lowest_0 - lowest_5) <= max(spread_0, lowest_spread_5)
    assert abs(accuracy_0 - accuracy_5) <= accuracy_spread_0
    assert 10 <= epoch_0 <= 20 and epoch_5 > 2 * epoch_0
    # ... and stays: the last loss with dropout is close to its lowest.
    assert last_5 - lowest_5 <= spread_5 + lowest_spread_5


@claim(
    "plot_hidden_features.py",
    "makes the network's ``transform`` return them as a DataFrame, with those "
    "names as its columns",
)
def check_hidden_features(out):
    ((raw,),) = rows(r"raw inputs: test accuracy ([\d.]+)", out)
    ((learnt,),) = rows(r"network's features: test accuracy ([\d.]+)", out)
    assert learnt > raw
    assert "DataFrame (3, 16)" in out
    assert re.search(r"numpymlpclassifier0\s+numpymlpclassifier1", out)


@claim(
    "plot_early_stopping.py",
    "fits its training set, flipped labels included, perfectly",
    "With early stopping it stops much sooner and scores better on the test set",
)
def check_early_stopping(out):
    fits = {
        flag: (epochs, training, test)
        for flag, epochs, training, test in rows(
            r"early_stopping=(\w+): (\d+) epochs, training accuracy ([\d.]+), "
            r"test accuracy ([\d.]+)",
            out,
        )
    }
    assert fits["False"][1] == 1.0
    assert fits["True"][0] < fits["False"][0] / 2
    assert fits["True"][2] > fits["False"][2]
    ((_, best_epoch, epochs),) = rows(
        r"best validation accuracy ([\d.]+) at epoch (\d+), of (\d+)", out
    )
    assert best_epoch < epochs == fits["True"][0]


@claim(
    "plot_l1_sparsity.py",
    "A small ``alpha`` already makes most weights exactly zero, by leaving "
    "most hidden units idle",
    "A larger one then drops the noise inputs, one after another, while the 5 "
    "informative inputs stay. Past some point nothing is left: every weight "
    "is zero",
    "scores lowest of the non-empty models on the test set. A small ``alpha`` "
    "scores best",
    "Left of the red line are the 5 informative inputs, all kept; right of "
    "it, one noise input is still kept, input 12 at this ``alpha``, with a "
    "single weight. One hidden unit does all the work.",
)
def check_l1_sparsity(out):
    table = rows(
        r"(?m)^\s*([\d.]+)\s+([\d.]+)%\s+(\d+)/16\s+(\d+)/5\s+(\d+)/35\s+([\d.]+)$",
        out,
    )
    alphas, zero, units, informative, noise, accuracy = zip(*table)
    assert zero[1] > 50 and units[1] < 8
    assert list(noise) == sorted(noise, reverse=True)
    assert all(i == 5 for i, u in zip(informative, units) if u > 0)
    assert zero[-1] == 100 and units[-1] == 0 and accuracy[-1] < 0.6
    non_empty = [a for a, u in zip(accuracy, units) if u > 0]
    assert accuracy[0] == min(non_empty) and non_empty.count(accuracy[0]) == 1
    assert alphas[accuracy.index(max(accuracy))] <= 1
    last_with_all = max(k for k, i in enumerate(informative) if i == 5)
    assert units[last_with_all] == 1
    ((chosen, kept),) = rows(r"alpha=([\d.]+): noise inputs kept \[([\d, ]*)\]", out)
    assert chosen == alphas[last_with_all] and kept == 12
    assert noise[last_with_all] == 1
    assert "non-zero weights of each noise input kept: [1]" in out


@claim(
    "plot_grid_search.py",
    "The differences between the best candidates are smaller than the spread "
    "over the folds",
    "Here the best ``alpha``, 10, is inside it: the best candidate of each "
    "``alpha`` scores lower on both sides.",
    "so its first row is ``best_params_``",
    "At ``alpha=100`` with an L1 part the penalty wins over the data: the "
    "network predicts the majority class for every sample, and scores that "
    "class's share of the data.",
)
def check_grid_search(out):
    table = rows(
        r"(?m)^\s+(\d+)\s+(\d+)\s+([\d.e-]+)\s+([\d.]+) ([\d.]+) ([\d.]+)$", out
    )
    best = table[0]
    for _, _, _, _, mean, std in table[:5]:
        assert best[4] - mean < std
    by_alpha = rows(
        r"alpha=([\d.e-]+)\s+mean accuracy: best ([\d.]+), worst ([\d.]+)", out
    )
    scores = [best for _, best, _ in by_alpha]
    top = scores.index(max(scores))
    assert 0 < top < len(scores) - 1 and by_alpha[top][0] == 10
    ((majority,),) = rows(r"share of the majority class: ([\d.]+)", out)
    assert abs(by_alpha[-1][0] - 100) < 1e-9
    assert abs(by_alpha[-1][2] - majority) < 1e-3
    assert f"numpymlpclassifier__alpha: {best[2]}" in out
    assert f"numpymlpclassifier__hidden_layer_sizes: ({best[1]:g},)" in out


STRATEGY_ROW = r"(?m)^({}) +" + r"\s+".join([r"([\d.]+) \(\s*(\d+)\)"] * 4) + "$"


@claim(
    "plot_learning_strategies.py",
    "With a constant rate, momentum (with or without Nesterov's correction, "
    "which changes little here) ends lower than plain steps on every data set",
    "the three inverse-scaling strategies end with the three highest losses on "
    "every data set, and on circles they stop within 20 epochs",
    "The adaptive rate follows the constant one while the loss falls",
    "ends within 0.01 of the lowest loss on every data set",
    "on circles the three inverse-scaling curves, of 15 to 19 epochs, are "
    "short stubs at the top left of the plot, near the loss they started from",
)
def check_learning_strategies(out):
    names = re.findall(r"(?m)^(\w[\w ,]*?)\s+[\d.]+ \(", out)
    assert len(names) == 9
    loss, epochs = {}, {}
    for row in rows(STRATEGY_ROW.format("|".join(map(re.escape, names))), out):
        loss[row[0]], epochs[row[0]] = row[1::2], row[2::2]
    for d in range(4):  # iris, digits, circles, moons
        assert loss["constant, momentum"][d] < loss["constant"][d]
        assert loss["constant, Nesterov"][d] < loss["constant"][d]
        inverse = [v[d] for name, v in loss.items() if "invscaling" in name]
        others = [v[d] for name, v in loss.items() if "invscaling" not in name]
        assert min(inverse) > max(others)
        assert loss["adam"][d] - min(v[d] for v in loss.values()) <= 0.01
        # Adaptive is the constant rate until the loss stalls: the same
        # fit where the constant rate never stalled (it ran to max_iter, the
        # most epochs of any strategy), and a longer one where it did.
        if epochs["constant"][d] == max(v[d] for v in epochs.values()):
            assert loss["adaptive"][d] == loss["constant"][d]
        else:
            assert epochs["adaptive"][d] > epochs["constant"][d]
    assert all(v[2] <= 20 for name, v in epochs.items() if "invscaling" in name)
    circles = [v[2] for name, v in epochs.items() if "invscaling" in name]
    assert min(circles) == 15 and max(circles) == 19
    # Near the loss they started from: ln 2, a coin toss between two classes.
    assert all(v[2] > 0.68 for name, v in loss.items() if "invscaling" in name)


@claim(
    "plot_digits_weights.py",
    "a relu unit whose output is zero on every training image gets no gradient",
    "the never-active units are the faint ones",
    "the left and right columns are blank in almost every image, so their "
    "weights get almost no gradient either, and stay smaller than those of "
    "the other pixels, where the digits differ: much smaller in the left "
    "column, only a little in the right one.",
)
def check_digits_weights(out):
    dead = re.search(r"units never active on the training images: \[(.*)\]", out)
    assert dead and dead.group(1).strip(), "no unit is never active"
    ((faint, others),) = rows(
        r"those units: ([\d.]+) at most, of the others: ([\d.]+) at least", out
    )
    assert faint < others
    ((inked,),) = rows(r"inked pixels in the edge columns: ([\d.]+)%", out)
    assert inked < 5
    ((edge, left, right, middle),) = rows(
        r"edge columns ([\d.]+) \(left ([\d.]+), right ([\d.]+)\), "
        r"other pixels ([\d.]+)",
        out,
    )
    assert edge < middle
    assert left < 0.5 * middle and 0.75 * middle < right < middle


@claim(
    "plot_alpha_boundaries.py",
    "``alpha=1`` scores best on all three data sets (tied with ``alpha=0.01`` "
    "on the moons)",
    "on the circles from ``alpha=3``, and on the moons at ``alpha=10``, the "
    "network predicts the same probability everywhere (a range below 0.01)",
)
def check_alpha_boundaries(out):
    accuracy_text, spread_text = out.split("probability range")
    alphas = numbers(accuracy_text.splitlines()[0])
    accuracy = {
        name: numbers(values)
        for name, values in rows(
            r"(?m)^(moons|circles|linearly separable)\s+([\d. ]+)$", accuracy_text
        )
    }
    spread = {
        name: numbers(values)
        for name, values in rows(
            r"(?m)^(moons|circles|linearly separable)\s+([\d. ]+)$", spread_text
        )
    }
    at_1 = alphas.index(1.0)
    for name, scores in accuracy.items():
        assert scores[at_1] == max(scores), name
    assert accuracy["moons"][0] == accuracy["moons"][at_1]
    constant = {
        name: [a for a, s in zip(alphas, values) if s < 0.01]
        for name, values in spread.items()
    }
    assert constant == {
        "moons": [10.0],
        "circles": [3.0, 10.0],
        "linearly separable": [],
    }


@claim(
    "plot_multilabel.py",
    "a row does not sum to one",
    "``predict`` sets a label where its probability is above 0.5",
    "The network gets more samples entirely right, fewer entries wrong, and a "
    "higher F1 on every label than the five separate linear models.",
)
def check_multilabel(out):
    proba_text = out.split("predict_proba:")[1].split("predict:")[0]
    predict_text = out.split("predict:")[1].split("true labels:")[0]
    proba = [numbers(line) for line in proba_text.strip().splitlines()]
    predicted = [numbers(line) for line in predict_text.strip().splitlines()]
    assert any(abs(sum(row) - 1) > 0.1 for row in proba)
    assert [[float(p > 0.5) for p in row] for row in proba] == predicted
    scores = {
        name: (subset, hamming, micro)
        for name, subset, hamming, micro in rows(
            r"(?m)^(network|logistic per label)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$",
            out,
        )
    }
    network, linear = scores["network"], scores["logistic per label"]
    assert network[0] > linear[0] and network[1] < linear[1]
    assert network[2] > linear[2]
    f1 = dict(rows(r"F1 per label, (network|logistic per label)\s+\[([\d. ]+)\]", out))
    assert all(
        a > b for a, b in zip(numbers(f1["network"]), numbers(f1["logistic per label"]))
    )


@claim(
    "plot_digits.py",
    "The training accuracy climbs to 1, while the test accuracy levels off a "
    "little below it after about 10 epochs",
)
def check_digits(out):
    epochs = {
        epoch: (training, test)
        for epoch, training, test in rows(
            r"epoch (\d+): training accuracy ([\d.]+), test accuracy ([\d.]+)",
            out,
        )
    }
    last = max(epochs)
    assert epochs[last][0] == 1.0
    assert 0.95 < epochs[last][1] < epochs[last][0]
    assert abs(epochs[last][1] - epochs[10][1]) <= 0.005


@claim(
    "plot_spiral.py",
    "The ReLU network gets every test point right: the smallest arm (class 2, "
    "30 test points) has a recall of 1, as the largest (class 0, 120) has",
)
def check_spiral(out):
    assert "Test report of the better model (ReLU MLP)" in out
    report = {
        label: (recall, support)
        for label, _, recall, _, support in rows(
            r"(?m)^\s+(\d)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$", out
        )
    }
    assert report[2.0] == (1.0, 30) and report[0.0] == (1.0, 120)
    assert all(recall == 1.0 for recall, _ in report.values())
    ((accuracy, total),) = rows(r"(?m)^\s+accuracy\s+([\d.]+)\s+(\d+)$", out)
    assert accuracy == 1.0 and total == 210


@claim(
    "plot_moons_deep.py",
    "for about 15 epochs the accuracy stays on a plateau near 0.87, about what "
    "a straight line scores on these moons, before the layers find the moons' "
    "shape",
    "loaded back, it predicts the same probabilities",
)
def check_moons_deep(out):
    ((line,),) = rows(r"logistic regression, training accuracy: ([\d.]+)", out)
    ((count, start, end, after),) = rows(
        r"epochs within 0.02 of it: (\d+) \(from (\d+) to (\d+)\); after \d+: "
        r"([\d.]+)",
        out,
    )
    assert abs(line - 0.87) < 0.01
    assert 12 <= count <= 18 and count == end - start + 1
    assert after > line + 0.05
    assert "identical probabilities after loading: True" in out


@claim(
    "plot_sine_regression.py",
    "the last one, between epochs 150 and 250, is where it fits the two ends",
    "By epoch 300 the training loss, 0.00177, is still about 40% above its "
    "floor, half the variance of the noise (0.5 * 0.05² = 0.00125), and both "
    "losses still fall, slowly.",
    "After 300 epochs the network (red) follows sin(x) (dashed) over the whole "
    "interval, the two ends included.",
)
def check_sine_regression(out):
    epochs = {
        epoch: (training, test)
        for epoch, training, test in rows(
            r"epoch (\d+): training loss ([\d.]+), test loss ([\d.]+)", out
        )
    }
    ((floor,),) = rows(r"the noise's floor: ([\d.]+)", out)
    assert floor == 0.00125
    assert epochs[150][0] > 3 * epochs[250][0]
    assert epochs[300][0] == 0.00177
    assert 1.35 < epochs[300][0] / floor < 1.45
    assert epochs[300][0] < epochs[280][0] < epochs[250][0]
    assert epochs[300][1] < epochs[280][1] < epochs[250][1]
    ((largest,),) = rows(r"largest error on the test grid: ([\d.]+)", out)
    ((left, right),) = rows(r"error at x = -2π: ([\d.]+), at x = 2π: ([\d.]+)", out)
    assert largest < 0.1 and left < 0.1 and right < 0.1


@claim(
    "plot_parabolas.py",
    "training stopped when it had not improved by ``tol`` for 50 epochs",
    "this plane separates the two classes, up to the points that the noise mixed",
)
def check_parabolas(out):
    ((epochs,),) = rows(r"epochs: (\d+)", out)
    ((accuracy,),) = rows(r"training accuracy: ([\d.]+)", out)
    ((wrong, total),) = rows(r"wrong side of the plane: (\d+) of (\d+)", out)
    assert 50 < epochs < 300  # stopped before max_iter=300
    # The wrong side of the plane is exactly the misclassified points, few.
    assert wrong == round((1 - accuracy) * total) and wrong < 0.05 * total


@claim(
    "plot_float32.py",
    "The weights (``coefs_``), the probabilities and the memory the parameters "
    "take follow the data's dtype; the test accuracy does not change.",
    "returns float64 weights from float32 data",
)
def check_float32(out):
    table = rows(
        r"(?m)^(\w+)\s+(float\d+)\s+(float\d+)\s+(float\d+)\s+([\d.]+) ([\d.]+)$",
        out,
    )
    fits = {(solver, data): rest for solver, data, *rest in table}
    assert len(fits) == 6
    for solver in {solver for solver, _ in fits}:
        wide, narrow = fits[solver, "float64"], fits[solver, "float32"]
        assert wide[:2] == ["float64", "float64"]
        assert narrow[:2] == ["float32", "float32"]
        assert abs(narrow[2] - wide[2] / 2) < 0.1 and narrow[3] == wide[3]
    assert "scikit-learn, lbfgs, float32 data: float64" in out


@claim(
    "plot_poisson_regression.py",
    "More than half of them are 0.",
    "The Poisson network comes close to the deviance of the true rate itself",
    "The linear model cannot follow the sine. The squared-error network fits "
    "the large counts",
    "about three in four of its predictions are under the true rate, by a "
    "median 5% where that rate is 0.1 or more, and by 16% below 0.1",
    "wherever the true rate is below 0.1, its predictions stay between 0.15 and 0.7.",
)
def check_poisson_regression(out):
    ((zeros, _),) = rows(r"share of zero counts: ([\d.]+), largest count: (\d+)", out)
    assert zeros > 0.5
    deviance = dict(
        rows(r"(?m)^(.+?)\s+mean Poisson deviance on the test set ([\d.]+)", out)
    )
    truth = deviance["the true rate"]
    poisson = deviance["network, Poisson loss"]
    assert truth <= poisson < 1.05 * truth
    assert (
        poisson < deviance["network, squared error"] < deviance["linear Poisson model"]
    )
    assert "output activation: exp" in out
    ratios = dict(
        (part, (share, median))
        for part, share, median in rows(
            r"true rate (below 0.1|0.1 or above)\s*: below 1 for (\d+)%, "
            r"median ([\d.]+)",
            out,
        )
    )
    for share, _ in ratios.values():
        assert 70 <= share <= 80
    assert round(100 * (1 - ratios["0.1 or above"][1])) == 5
    assert round(100 * (1 - ratios["below 0.1"][1])) == 16
    ((lowest, highest),) = rows(
        r"squared-error network, true rate below 0.1: predictions from "
        r"([\d.]+) to ([\d.]+)",
        out,
    )
    assert lowest == 0.15 and 0.65 <= highest <= 0.7


@claim(
    "plot_compare_sklearn.py",
    "the loss curves cannot be told apart",
    "both stop at the same epoch",
    "The fastest of 3 fits, in seconds: of 40 epochs under ``sgd``, and of "
    "fewer under ``adam``, which stops early",
)
def check_compare_sklearn(out):
    table = rows(
        r"(?m)^(sgd|adam)\s+(\d+) / (\d+)\s+([\d.e+-]+)\s+([\d.]+) / ([\d.]+)$",
        out,
    )
    assert {solver for solver, *_ in table} == {"sgd", "adam"}
    epochs = {}
    for solver, our_epochs, their_epochs, gap, ours, theirs in table:
        assert gap < 1e-12 and ours == theirs and our_epochs == their_epochs
        epochs[solver] = our_epochs
    assert epochs["sgd"] == 40 and epochs["adam"] < 40


@claim(
    "plot_schedules.py",
    "Over a fit both schedules take about half the total step a constant rate "
    "takes (their mean factor), and both end with almost no step at all.",
    "their held-out loss levels off, as their rate falls to almost nothing, at "
    "about twice the constant rate's, and their accuracy is lower",
    "they end near their lowest held-out loss: ``'one_cycle'`` with the lowest "
    "of the six fits, ``'cosine'`` with the next. The accuracies at 0.03 are "
    "within two test digits of each other (of 450)",
)
def check_schedules(out):
    ((n_train, batches, steps),) = rows(
        r"(\d+) training digits, (\d+) batches an epoch, (\d+) steps", out
    )
    assert batches == -(-n_train // 200) and steps % batches == 0
    factors = rows(r"(?m)^(.+): mean factor ([\d.]+), last ([\d.e+-]+)$", out)
    assert len(factors) == 2
    for _, mean, last in factors:
        assert 0.45 < mean < 0.55 and last < 1e-3
    table = rows(
        r"(?m)^\s*([\d.]+) (constant|cosine|one_cycle).*?\s([\d.]+)\s+([\d.]+)"
        r"\s+([\d.]+)$",
        out,
    )
    fits = {(rate, name): rest for rate, name, *rest in table}
    assert len(fits) == 6
    constant = fits[0.001, "constant"]
    for name in ("cosine", "one_cycle"):
        accuracy, loss, _ = fits[0.001, name]
        assert 1.5 < loss / constant[1] < 2.5 and accuracy < constant[0]
        accuracy, loss, lowest = fits[0.03, name]
        assert loss - lowest < 0.01
    finals = sorted(fits, key=lambda fit: fits[fit][1])
    assert finals[:2] == [(0.03, "one_cycle"), (0.03, "cosine")]
    at_003 = [fits[0.03, name][0] for name in ("constant", "cosine", "one_cycle")]
    assert round((max(at_003) - min(at_003)) * 450) <= 2


@claim(
    "plot_prediction_intervals.py",
    "Here the network's interval holds 89% of the test targets and gradient "
    "boosting's 84%, and the network's pinball losses are the lower ones at "
    "every level",
    "here none do, and the predicted quantiles never can.",
)
def check_prediction_intervals(out):
    coverage = dict(
        rows(
            r"(network|gradient boosting): coverage of the 90% "
            r"interval ([\d.]+)",
            out,
        )
    )
    assert round(coverage["network"], 2) == 0.89
    assert round(coverage["gradient boosting"], 2) == 0.84
    network, boosting = (
        numbers(line)[3:] for line in out.splitlines() if "pinball loss" in line
    )
    assert len(network) == 3 and all(map(float.__lt__, network, boosting))
    ((raw, predicted),) = rows(
        r"raw outputs cross: (\d+), whose predicted quantiles cross: (\d+)", out
    )
    assert raw == 0 and predicted == 0


@claim(
    "plot_robust_losses.py",
    "(0.59 from the trend); Huber's (0.22) and the absolute error's (0.11) "
    "stay close to it.",
    "Huber's default threshold, 1.84 here, is generous",
)
def check_robust_losses(out):
    distance = dict(rows(r"(\w+): mean distance to the trend ([\d.]+)", out))
    assert round(distance["squared_error"], 2) == 0.59
    assert round(distance["huber"], 2) == 0.22
    assert round(distance["absolute_error"], 2) == 0.11
    ((threshold,),) = rows(r"Huber's threshold: ([\d.]+)", out)
    assert threshold == 1.84


@claim(
    "plot_tabular_vs_boosting.py",
    "Here the Tabular network has the best mean R², about 0.46 against "
    "boosting's 0.40, at many times boosting's fit time.",
    "scores below 0 (about -0.7)",
    "peaks early, in the second cycle (epochs 18 to 51)",
)
def check_tabular_vs_boosting(out):
    # The float32 network's numbers move a little with the BLAS threads:
    # "about" is held to within 0.02 (0.1 for the unconverged drop-in).
    r2 = {
        name: (mean, seconds)
        for name, mean, _, seconds in rows(
            r"(\w+): R2 (-?[\d.]+) \+- ([\d.]+), ([\d.]+) s", out
        )
    }
    assert abs(r2["TabularMLPRegressor"][0] - 0.46) <= 0.02
    assert round(r2["HistGradientBoosting"][0], 2) == 0.40
    assert max(r2.values())[0] == r2["TabularMLPRegressor"][0]
    assert -0.8 <= r2["NumpyMLPRegressor"][0] < 0
    ratio = r2["TabularMLPRegressor"][1] / r2["HistGradientBoosting"][1]
    assert ratio > 5  # "many times": the ratio varies with the machine
    ((_, epoch, epochs),) = rows(
        r"best held-out R2 ([\d.]+), epoch (\d+) of (\d+)", out
    )
    # The second cycle: 1 <= log2(1 + 15 t) < 2, t in [1 / 15, 3 / 15).
    assert epochs / 15 < epoch <= 3 * epochs / 15 + 1


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_example_claims_hold_for_what_it_prints(name):
    example, quotes, check = CLAIMS[name]
    text = prose(example)
    for quote in quotes:
        assert " ".join(quote.split()) in text, (
            f"{example} no longer says {quote!r}: update the check of its claims"
        )
    check(printed(example))


@pytest.mark.parametrize(
    "example",
    sorted((DOCS / "examples").rglob("plot_*.py")),
    ids=lambda path: path.name,
)
def test_every_example_prints_its_numbers(example):
    assert printed(example.name).strip(), f"{example.name} prints nothing"
