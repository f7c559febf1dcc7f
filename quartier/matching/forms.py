"""Forms of matching: the decision on a suggestion, the project's weights."""
