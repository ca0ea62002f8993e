"""Documents every service issues, rendered once as HTML and printed from that HTML to PDF.

A service keeps its Jinja templates in ``<package>/templates/`` and renders them with
:func:`render_html`; :func:`html_to_pdf` turns the same HTML into an A4 PDF with fpdf2, so the
notice a council officer previews in the browser is the notice that is issued.

* **Escaping**: each template package has one Jinja environment with autoescaping on and
  ``StrictUndefined``, so applicant-supplied text cannot inject markup and a misspelt variable
  fails loudly instead of printing an empty gap in a legal document.
* **The HTML subset**: fpdf2's ``write_html`` understands headings, paragraphs, ``<b>``/``<i>``,
  ``<br>``, ordered and unordered lists and simple tables (plain text in each cell, column widths
  on the first row). Templates that are printed keep to that subset.
* **Fonts**: fpdf2 bundles no Unicode font, so the PDF uses the standard Helvetica with the
  Windows-1252 (WinAnsi) encoding, which covers English and Welsh accents, curly quotes, dashes,
  ``£`` and ``€``. Anything beyond it is transliterated by :func:`to_winansi` (``ŵ`` → ``w``,
  ``ł`` → ``l``), falling back to ``?``: an unusual name never stops a notice being issued.
* **Reproducible output**: the PDF creation date is whatever the caller passes (a fixed date by
  default), so the same document renders to the same bytes and can be hashed and compared.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import jinja2
from fpdf import FPDF
from fpdf.fonts import TextStyle

__all__ = [
    "REPRODUCIBLE_CREATION_DATE",
    "format_long_date",
    "html_to_pdf",
    "render_html",
    "template_environment",
    "to_winansi",
]

#: The creation date written into a PDF when the caller gives none: fixed, so output is stable.
REPRODUCIBLE_CREATION_DATE = datetime(2000, 1, 1, tzinfo=UTC)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_long_date(value: date) -> str:
    """A date the way a UK notice writes it: ``25 May 2026`` (no leading zero, any locale)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@cache
def template_environment(package: str) -> jinja2.Environment:
    """The Jinja environment for the templates in ``<package>/templates/`` (one per package)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = format_long_date
    return environment


def render_html(package: str, template: str, context: Mapping[str, Any]) -> str:
    """Render ``template`` from ``<package>/templates/`` with ``context``, escaping all values."""
    return template_environment(package).get_template(template).render(dict(context))


# Characters outside Windows-1252 that have a better stand-in than their stripped base letter.
_REPLACEMENTS = str.maketrans(
    {
        "\u0110": "D",  # Đ
        "\u0111": "d",  # đ
        "\u0126": "H",  # Ħ
        "\u0127": "h",  # ħ
        "\u0131": "i",  # dotless i
        "\u0141": "L",  # Ł
        "\u0142": "l",  # ł
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2015": "\u2014",  # horizontal bar
        "\u2032": "'",  # prime
        "\u2033": '"',  # double prime
        "\u2044": "/",  # fraction slash
        "\u2116": "No.",  # numero sign
        "\u2190": "<-",
        "\u2192": "->",
        "\u2212": "-",  # minus sign
        "\u2264": "<=",
        "\u2265": ">=",
        "\u200b": "",  # zero-width space
        "\u200c": "",  # zero-width non-joiner
        "\u200d": "",  # zero-width joiner
        "\ufeff": "",  # byte order mark
    }
)
_WINANSI = "cp1252"


def _encodable(text: str) -> bool:
    try:
        text.encode(_WINANSI)
    except UnicodeEncodeError:
        return False
    return True


def to_winansi(text: str) -> str:
    """``text`` with every character the PDF standard fonts cannot show replaced by a stand-in.

    Windows-1252 characters are kept: a name with a circumflex and a curly apostrophe is
    unchanged. Any other character becomes a listed replacement, else its base letter without
    accents (Welsh ``ŵ``/``ŷ`` become ``w``/``y``), else ``?``.
    """
    if _encodable(text):
        return text
    kept: list[str] = []
    for char in text.translate(_REPLACEMENTS):
        if _encodable(char):
            kept.append(char)
            continue
        base = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        kept.append(base if base and _encodable(base) else "?")
    return "".join(kept)


_BLACK = "#000000"
_TAG_STYLES = {
    "h1": TextStyle(font_style="B", font_size_pt=17, color=_BLACK, t_margin=0, b_margin=0.4),
    "h2": TextStyle(font_style="B", font_size_pt=13, color=_BLACK, t_margin=5, b_margin=0.4),
    "h3": TextStyle(font_style="B", font_size_pt=11.5, color=_BLACK, t_margin=4, b_margin=0.3),
    "li": TextStyle(l_margin=6, t_margin=2),
}


class _A4Document(FPDF):
    """An A4 portrait page in Helvetica (WinAnsi) with a "Page n of N" footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text
        self.core_fonts_encoding = _WINANSI
        self.set_margins(left=20, top=18, right=20)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages()

    def normalize_text(self, text: str) -> str:
        if not self.is_ttf_font:
            text = to_winansi(text)
        return super().normalize_text(text)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"{self._footer_text} - page {self.page_no()} of {{nb}}", align="C")


def html_to_pdf(
    html: str,
    *,
    title: str,
    author: str | None = None,
    created: datetime | None = None,
) -> bytes:
    """Print ``html`` (from :func:`render_html`, within fpdf2's HTML subset) to an A4 PDF.

    ``title`` becomes the document title and the page footer; ``author`` (the council, say) goes
    in the metadata. ``created`` is the creation date recorded in the file: the default is a fixed
    date, so rendering the same HTML twice gives identical bytes.
    """
    pdf = _A4Document(footer_text=title)
    pdf.set_lang("en-GB")
    pdf.set_creator("Vesta")
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(created or REPRODUCIBLE_CREATION_DATE)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.write_html(html, tag_styles=_TAG_STYLES, li_prefix_color=(0, 0, 0))
    # After write_html, which takes the title from any <title> element first.
    pdf.set_title(title)
    return bytes(pdf.output())
