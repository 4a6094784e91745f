# Søgning, "samarbejder som dette", "byer som vores" og gemte søgninger.

search-list-and = og
search-reason-recommendations = arbejder også med { $list }
search-reason-toolbox = bruger også { $list }
search-reason-themes = samme temaer: { $list }
search-reason-size = by af samme størrelse ({ $population } indbyggere)
search-reason-model = samme organiseringsmodel
search-reason-text = ligner i beskrivelsen

field-town-population-needed = Angiv byens indbyggertal: kommunen har ingen registrerede samarbejder at aflede det fra.
field-saved-search-exists = Du har allerede gemt denne søgning.
field-saved-search-limit = Du kan højst gemme { $max } søgninger. Slet en, før du gemmer en ny.
