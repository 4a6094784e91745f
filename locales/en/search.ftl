# Search, "collaborations like this one", "towns like ours" and saved searches.

search-list-and = and
search-reason-recommendations = also works on { $list }
search-reason-toolbox = also uses { $list }
search-reason-themes = same themes: { $list }
search-reason-size = town of similar size ({ $population } inhabitants)
search-reason-model = same organisation model
search-reason-text = similar description

field-town-population-needed = Give the town's population: the municipality has no registered collaborations to derive it from.
field-saved-search-exists = You have already saved this search.
field-saved-search-limit = You can save at most { $max } searches. Delete one before saving another.
