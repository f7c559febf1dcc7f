"""Form widgets of the app shell."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A single `<select>` with the same markup as Django's, rendered in Python.

    Django renders every option through its own template and builds a dictionary for
    each, about fifty microseconds an option; a list filter with a few hundred staff
    members spent more time on its options than on its queries. Option groups are
    kept; option attributes other than `selected` are not supported."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # Like Django's Select, only the first option with the value is selected.
        wanted = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']

        def option(option_value, label) -> str:
            option_value = "" if option_value is None else str(option_value)
            mark = ""
            if option_value in wanted:
                mark = " selected"
                wanted.clear()
            return f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>'

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.extend(option(value_, label_) for value_, label_ in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped
