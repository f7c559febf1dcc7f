"""Admin of matching: the weights per project and the postcode centres."""

from django.contrib import admin

from quartier.matching.models import MatchSuggestion, MatchWeights, PostcodeArea


@admin.register(MatchWeights)
class MatchWeightsAdmin(admin.ModelAdmin):
    list_display = ["project", "occupational_field", "skills", "german", "distance"]


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ["case", "vacancy", "offer", "score", "decision", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["case", "vacancy", "offer", "decided_by"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):
    list_display = ["postcode", "name", "latitude", "longitude"]
    search_fields = ["postcode", "name"]
