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
