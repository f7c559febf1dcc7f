"""Read a form out of a rendered page and build the POST a browser would send from it.

Tests that post "what the page sends" use this instead of a hand-written dict, so that a
field the page renders (a hidden id, a preselected choice, a blank extra form) is posted
exactly as a browser posts it.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            name = attrs.get("name")
            if not name or kind in ("submit", "button", "reset", "image", "file"):
                return
            if "disabled" in attrs:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((name, attrs.get("value", "on")))
                return
            fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and attrs.get("name") and "disabled" not in attrs:
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "selected": "selected" in attrs,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and attrs.get("name") and "disabled" not in attrs:
            self._textarea = {"name": attrs["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            options = select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._form["fields"].append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # A browser drops the one newline that directly follows <textarea>.
            if text.startswith("\n"):
                text = text[1:]
            self._form["fields"].append((self._textarea["name"], text))
            self._textarea = None


def post_forms(html: str) -> list[list[tuple[str, str]]]:
    """The fields of every method="post" form of the page, as (name, value) pairs."""
    parser = _FormParser()
    parser.feed(html)
    return [
        form["fields"]
        for form in parser.forms
        if (form["attrs"].get("method") or "get").lower() == "post"
    ]


def form_data(
    html: str, *, containing: str, changes: dict | None = None, **more
) -> dict[str, str | list[str]]:
    """The POST of the page's post form that has a field named `containing`, with
    `changes` and `more` applied (a value of None removes a field)."""
    changes = {**(changes or {}), **more}
    for fields in post_forms(html):
        if any(name == containing for name, _value in fields):
            break
    else:
        raise AssertionError(f"no post form with a field {containing!r} on the page")
    data: dict[str, str | list[str]] = {}
    for name, value in fields:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
