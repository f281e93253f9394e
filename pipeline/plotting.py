"""Charts with Chinese labels that render as characters, not boxes, on any machine.

``use_cjk_font()`` picks a CJK font the machine has (Noto Sans CJK, Source Han, WenQuanYi, SimHei,
Microsoft YaHei, PingFang) or, failing those, the WenQuanYi Micro Hei file that the
``paperang-p2-fonts-cjk`` package ships, and makes it matplotlib's sans-serif font.
"""

from __future__ import annotations

import base64
import io
from importlib import resources

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

PREFERRED = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
_chosen: str | None = None


def use_cjk_font() -> str:
    """Make a CJK-capable font matplotlib's default; return its family name."""
    global _chosen
    if _chosen is None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        _chosen = next((name for name in PREFERRED if name in installed), None) or _bundled()
    matplotlib.rcParams["font.sans-serif"] = [_chosen, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    return _chosen


def _bundled() -> str:
    path = bundled_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def bundled_font_path():
    return resources.files("paperang_p2_fonts_cjk").joinpath("fonts/wqy-microhei.ttc")


def font_subset_data_uri(text: str) -> str:
    """The bundled CJK font cut down to the characters of ``text``, as a data: URI for @font-face.

    A page then shows its Chinese as characters even where the reader's machine has no CJK font;
    the cut keeps the file small (fontTools comes with matplotlib).
    """
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it notes tables it drops
    font = TTFont(str(bundled_font_path()), fontNumber=0, lazy=False)
    options = subset.Options()
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return "data:font/ttf;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def bar_chart(labels: list[str], values: list[float], title: str, xlabel: str, width: float = 8.0):
    """A horizontal bar chart, largest on top."""
    use_cjk_font()
    height = max(2.5, 0.32 * len(labels) + 1.2)
    figure, axes = plt.subplots(figsize=(width, height))
    axes.barh(labels[::-1], values[::-1], color="#3b6ea5")
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure


def png_data_uri(figure) -> str:
    """The figure as a data: URI, for self-contained HTML."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
