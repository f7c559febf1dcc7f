"""Pages of an offer's translations: its public texts in one language, beside the
German original, and removing them. Thin: writes through `offers.services`; an offer
the user may see but not change is a 403."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import save_versioned_form
from quartier.offers.forms.catalogue import TranslationForm
from quartier.offers.models import OfferTranslation, TranslationLanguage
from quartier.offers.services import catalogue as catalogue_services
from quartier.offers.views.offers import offer_for_change


def _language(language: str) -> str:
    labels = dict(TranslationLanguage.choices)
    if language not in labels:
        raise Http404
    return labels[language]


@require_http_methods(["GET", "POST"])
def translation_edit(request, offer_pk: int, language: str):
    """The offer's public texts in one language, beside the German original."""
    offer = offer_for_change(request, offer_pk)
    label = _language(language)
    translation = OfferTranslation.objects.filter(offer=offer, language=language).first()
    initial = {"expected_version": translation.version if translation else 0}
    if translation:
        initial |= {
            "title": translation.title,
            "short_description": translation.short_description,
            "how_to_take_part": translation.how_to_take_part,
            "reviewed": translation.reviewed,
        }
    form = TranslationForm(request.POST or None, initial=initial)
    changes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = save_versioned_form(
            form,
            lambda: catalogue_services.offer_translation_save(
                actor=request.user,
                offer=offer,
                language=language,
                title=data["title"],
                short_description=data["short_description"],
                how_to_take_part=data["how_to_take_part"],
                reviewed=data["reviewed"],
                expected_version=data["expected_version"],
            ),
            # None when the translation was deleted meanwhile: no field to compare.
            stored=lambda: OfferTranslation.objects.filter(offer=offer, language=language).first(),
        )
        if outcome.saved:
            messages.success(request, _("The %(language)s texts were saved.") % {"language": label})
            return redirect("offers:offer_detail", offer_pk=offer.pk)
        changes = outcome.changes
    return render(
        request,
        "offers/catalogue_translation_form.html",
        {
            "form": form,
            "offer": offer,
            "translation": translation,
            "language": language,
            "language_label": label,
            "changes": changes,
            "nav_active": "offers",
        },
    )


@require_POST
def translation_delete(request, offer_pk: int, language: str):
    offer = offer_for_change(request, offer_pk)
    label = _language(language)
    translation = get_object_or_404(OfferTranslation, offer=offer, language=language)
    catalogue_services.offer_translation_delete(actor=request.user, translation=translation)
    messages.success(
        request,
        _("The %(language)s texts were removed; the map shows the German ones.")
        % {"language": label},
    )
    return redirect("offers:offer_detail", offer_pk=offer.pk)
