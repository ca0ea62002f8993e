"""The issued result of a search as a document: the official search certificate (LLC1, Local
Land Charges Rules 2018, r.15) or the CON29 replies, as HTML and as a PDF printed from it.

Both render only the snapshot taken at issue (:class:`services.land_charges.models.SearchResult`),
so a charge registered afterwards never appears on a certificate already given, and the same
result always prints to the same bytes (the PDF's creation date is its issue time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.core.calendar import LONDON
from services.core.rendering import html_to_pdf, render_html
from services.land_charges.models import SearchResult

_TEMPLATE = "search_result.html.j2"
TITLES = {"llc1": "Official certificate of search", "con29": "Replies to enquiries (CON29)"}


def _context(result: SearchResult) -> dict[str, Any]:
    official = result.kind == "llc1"
    local = result.issued_at.astimezone(LONDON)
    return {
        "content": result.content,
        "official": official,
        "title": TITLES[result.kind],
        "noun": "certificate" if official else "reply",
        "received": dt.date.fromisoformat(result.content["receivedDate"]),
        "issued": result.issued_on,
        "issued_time": local.strftime("%H:%M"),
    }


def document_title(result: SearchResult) -> str:
    return f"{TITLES[result.kind]} {result.content['reference']}"


def render_result_html(result: SearchResult) -> str:
    """The certificate or replies as an HTML page (every value escaped)."""
    return render_html("services.land_charges", _TEMPLATE, _context(result))


def render_result_pdf(result: SearchResult) -> bytes:
    """The certificate or replies as an A4 PDF dated at its issue."""
    return html_to_pdf(
        render_result_html(result),
        title=document_title(result),
        author=result.content["councilName"],
        created=result.issued_at,
    )


__all__ = ["TITLES", "document_title", "render_result_html", "render_result_pdf"]
