"""soleuslib.site: the light plotly renderer, the table of contents and the patient view's parts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from soleuslib import catalog, figures, paths, site


def _figure(y=(1, 2, 3), alt="A line rising steadily from one to three.") -> go.Figure:
    return figures.finish(go.Figure(go.Scatter(y=list(y))), title="Demo", alt=alt)


def _payload(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" class="soleus-plotly-data">(.*?)</script>', html
    )
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_site_html_carries_the_figure_data_but_not_plotly_js_or_mathjax():
    html = site.figure_html(_figure().to_dict())
    assert "plotly.js v" not in html and "Plotly.newPlot" not in html
    assert "mathjax" not in html.lower() and "cdn" not in html.lower()
    assert _payload(html)["data"][0]["y"] == [1, 2, 3]
    assert len(html) < 10_000


def test_same_figure_gives_the_same_div_id_and_a_different_figure_another():
    first = site.figure_html(_figure().to_dict())
    again = site.figure_html(_figure().to_dict())
    other = site.figure_html(_figure(y=(3, 2, 1)).to_dict())
    ids = [re.search(r'id="(fig-[0-9a-f]{12})"', h).group(1) for h in (first, again, other)]
    assert ids[0] == ids[1] != ids[2]


def test_figure_div_is_an_image_labelled_with_the_text_alternative():
    html = site.figure_html(_figure(alt='Bars for "left" & right legs, both near 40 cm.').to_dict())
    assert 'role="img"' in html
    assert 'aria-label="Bars for &quot;left&quot; &amp; right legs, both near 40 cm."' in html


def test_figure_without_text_alternative_gets_no_label():
    html = site.figure_html(go.Figure(go.Scatter(y=[1])).to_dict())
    assert "aria-label" not in html


def test_json_cannot_close_its_script_element_early():
    fig = _figure()
    fig.update_layout(title_text="</script><b>x</b>")
    html = site.figure_html(fig.to_dict())
    assert html.count("</script>") == 1
    assert _payload(html)["layout"]["title"]["text"] == "</script><b>x</b>"


def test_template_keeps_only_the_trace_types_the_figure_uses():
    fig = _figure()
    fig.add_trace(go.Bar(y=[1]))
    layout = _payload(site.figure_html(fig.to_dict()))["layout"]
    assert set(layout["template"]["data"]) == {"scatter", "bar"}
    assert layout["template"]["layout"] == fig.to_dict()["layout"]["template"]["layout"]


def test_frames_survive_for_animated_figures():
    fig = _figure()
    fig.frames = [go.Frame(data=[go.Scatter(y=[3, 2, 1])], name="f1")]
    assert _payload(site.figure_html(fig.to_dict()))["frames"][0]["name"] == "f1"


def test_renderer_numbers_repeated_figures_so_ids_stay_unique_on_a_page():
    import plotly.io as pio

    site.register()
    renderer = pio.renderers[site.SITE_RENDERER]
    renderer.seen.clear()
    first = renderer.to_mimebundle(_figure().to_dict())["text/html"]
    second = renderer.to_mimebundle(_figure().to_dict())["text/html"]
    base = re.search(r'id="(fig-[0-9a-f]{12})"', first).group(1)
    assert f'id="{base}-2"' in second


def test_toc_lists_every_lesson_of_lessons_csv_in_order():
    import yaml

    toc = yaml.safe_load(site.toc_yaml())
    files = [toc["root"]] + [chapter["file"] for chapter in toc["chapters"]]
    expected = [f"notebooks/{Path(n).stem}" for n in catalog.lessons()["notebook"]]
    assert files == expected
    assert "notebooks/handout" not in files


def test_missing_npm_assets_name_the_command_that_installs_them(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="npm ci --prefix site"):
        site.copy_assets(tmp_path / "out", node_modules=tmp_path / "nowhere")


def test_site_module_still_starts_the_patient_view(monkeypatch):
    from soleuslib.patient import view

    seen = []
    monkeypatch.setattr(view, "present", lambda port=None: seen.append(port) or 0)
    assert site.main(["present", "8899"]) == 0
    assert seen == [8899]


def _trace_types_in_notebooks() -> set[str]:
    found = set()
    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                fig = output.get("data", {}).get("application/vnd.plotly.v1+json")
                if fig:
                    traces = fig["data"] + [t for f in fig.get("frames", []) for t in f["data"]]
                    found |= {t.get("type", "scatter") for t in traces}
    return found


def test_every_figure_uses_a_trace_type_of_the_served_plotly_bundle():
    unsupported = _trace_types_in_notebooks() - site.BASIC_TRACE_TYPES
    assert not unsupported, (
        f"trace types {sorted(unsupported)} need the full plotly.js bundle: "
        "change site.PLOTLY_BUNDLE and site/package.json"
    )


def test_served_plotly_js_has_the_major_version_the_python_package_draws_for():
    from plotly.offline import get_plotlyjs_version

    lock = json.loads((paths.REPO_ROOT / "site" / "package-lock.json").read_text())
    bundle = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]
    # Same major version (semver): figure JSON from plotly.py then draws the same.
    assert bundle.split(".")[0] == get_plotlyjs_version().split(".")[0], (
        bundle,
        get_plotlyjs_version(),
    )
