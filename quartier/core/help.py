"""The staff guides (docs/staff/*.md) inside the app: which guide belongs to which area,
and a small Markdown renderer for them.

The renderer knows what the guides use (headings, paragraphs, lists, tables, code,
bold, italics, links) and escapes everything else, so a guide can never inject markup.
A link to another guide leads to its page in the app; other relative links (to the
developer docs) keep only their text.
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import ResolverMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

GUIDES_DIR = Path(settings.BASE_DIR) / "docs" / "staff"
INDEX = "index"

#: The guide of each area, by URL namespace; core's pages by view name.
GUIDE_OF_NAMESPACE = {
    "cases": "fallarbeit",
    "documents": "fallarbeit",
    "participants": "fallarbeit",
    "offers": "angebote",
    "reports": "auswertungen",
    "economy": "betriebe-und-stellen",
    "matching": "vermittlung",
    # network (area demo): partners, referrals, inbox, meetings, figures
    "network": "netzwerk",
    # privacy (area dpo): the data-protection pages
    "privacy": "datenschutz",
}
#: Pages of an app whose areas have guides of their own, by view name.
GUIDE_OF_VIEW = {
    **dict.fromkeys(
        (
            "offers:offer_participants",
            "offers:enrol_from_offer",
            "offers:enrol_from_case",
            "offers:enrolment_end",
            "offers:enrolment_change",
            "offers:register_start",
            "offers:register",
            "offers:register_row",
        ),
        "anwesenheit",
    ),
    **dict.fromkeys(
        (
            "offers:offer_certificates",
            "offers:offer_certificates_issue_all",
            "offers:certificate_issue",
            "offers:certificate_detail",
            "offers:certificate_pdf",
            "offers:certificate_revoke",
            "offers:case_certificates",
            "offers:certificate_verify",
        ),
        "zertifikate",
    ),
    **dict.fromkeys(
        (
            "offers:service_request_list",
            "offers:offer_service_requests",
            "offers:service_request_create",
            "offers:service_request_detail",
            "offers:service_request_schedule",
            "offers:service_request_done",
            "offers:service_request_cancel",
        ),
        "anfragen",
    ),
    **dict.fromkeys(
        (
            "economy:placement_create",
            "economy:placement_detail",
            "economy:placement_edit",
            "economy:placement_end",
            "economy:check_record",
            "economy:economy_settings",
        ),
        "vermittlung",
    ),
}
GUIDE_OF_CORE_VIEW = {
    "project_members": "team-verwalten",
    "membership_edit": "team-verwalten",
    "membership_delete": "team-verwalten",
    "project_edit": "team-verwalten",
    "organisation_detail": "organisation-pflegen",
    "organisation_edit": "organisation-pflegen",
    "audit_log": "organisation-pflegen",
    "api_tokens": "api-tokens",
}
#: allauth's pages (password, second factor, sessions).
ACCOUNT_VIEW_PREFIXES = ("account_", "mfa_", "usersessions_")


def guide_slugs() -> set[str]:
    return {path.stem for path in GUIDES_DIR.glob("*.md")}


def guide_for(match: ResolverMatch | None) -> str:
    """The guide that helps on the page `match` resolved to."""
    if match is None:
        return INDEX
    if match.url_name and match.url_name.startswith(ACCOUNT_VIEW_PREFIXES):
        return "anmelden"
    if match.view_name in GUIDE_OF_VIEW:
        return GUIDE_OF_VIEW[match.view_name]
    for namespace in match.namespaces:
        if namespace in GUIDE_OF_NAMESPACE:
            return GUIDE_OF_NAMESPACE[namespace]
    if "core" in match.namespaces:
        return GUIDE_OF_CORE_VIEW.get(match.url_name, INDEX)
    return INDEX


@cache
def _read(slug: str, mtime: float) -> tuple[str, SafeString]:
    text = (GUIDES_DIR / f"{slug}.md").read_text(encoding="utf-8")
    title_match = re.search(r"^# (.+)$", text, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else slug
    return _inline_text(title), render(text)


def guide(slug: str) -> tuple[str, SafeString]:
    """(title, HTML) of the guide `slug`; raises LookupError for an unknown one."""
    if slug not in guide_slugs():
        raise LookupError(slug)
    return _read(slug, (GUIDES_DIR / f"{slug}.md").stat().st_mtime)


# The renderer ---------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_GUIDE_LINK = re.compile(r"^([a-z0-9-]+)\.md(#[\w-]+)?$")


def _link(match: re.Match) -> str:
    text, target = match.group(1), match.group(2)
    guide_link = _GUIDE_LINK.match(target)
    if guide_link:
        url = reverse("core:help", args=[guide_link.group(1)]) + (guide_link.group(2) or "")
    elif target.startswith(("https://", "http://")):
        url = target
    else:
        return text
    return f'<a href="{url}">{text}</a>'


def _inline_text(text: str) -> str:
    """Inline markup without links, for a title."""
    return re.sub(r"[*`]", "", text)


def _inline(text: str) -> str:
    parts = re.split(r"(`[^`]+`)", text)
    html = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            html.append(f"<code>{escape(part[1:-1])}</code>")
            continue
        part = escape(part)  # links, bold and italics are found in the escaped text
        part = _LINK.sub(_link, part)
        part = _BOLD.sub(r"<strong>\1</strong>", part)
        part = _ITALIC.sub(r"<em>\1</em>", part)
        html.append(part)
    return "".join(html)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def render(text: str) -> SafeString:
    """HTML of the Markdown `text` (the subset the guides use), everything escaped."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif stripped.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i])
                i += 1
            i += 1
            out.append(f"<pre><code>{escape(chr(10).join(block))}</code></pre>")
        elif heading := re.match(r"^(#{1,4})\s+(.*)$", stripped):
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            i += 1
        elif stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            header, body = (
                rows[0],
                [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)],
            )
            head = "".join(f'<th scope="col">{_inline(cell)}</th>' for cell in header)
            rows_html = "".join(
                "<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in body
            )
            out.append(
                f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{rows_html}</tbody></table></div>"
            )
        elif re.match(r"^([-*]|\d+\.)\s+", stripped):
            ordered = bool(re.match(r"^\d+\.", stripped))
            items: list[str] = []
            while i < len(lines) and lines[i].strip():
                item = re.match(r"^\s*([-*]|\d+\.)\s+(.*)$", lines[i])
                if item:
                    items.append(item.group(2))
                else:  # a continuation line of the item before
                    items[-1] += " " + lines[i].strip()
                i += 1
            tag = "ol" if ordered else "ul"
            out.append(
                f"<{tag}>" + "".join(f"<li>{_inline(it)}</li>" for it in items) + f"</{tag}>"
            )
        else:
            paragraph = []
            while (
                i < len(lines)
                and lines[i].strip()
                and not re.match(r"^(#{1,4}\s|\||```|([-*]|\d+\.)\s)", lines[i].strip())
            ):
                paragraph.append(lines[i].strip())
                i += 1
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text is escaped above
