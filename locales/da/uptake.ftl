# Udbredelse af anbefalingerne.

field-period-order = Periodens start skal ligge før dens slutning.

uptake-table-recommendations = Anbefalinger
uptake-table-timeline = Udvikling
uptake-table-toolbox = Værktøjer
uptake-table-coverage = Dækning
uptake-col-code = Kode
uptake-col-recommendation = Anbefaling
uptake-col-collaborations = Samarbejder
uptake-col-municipalities = Kommuner
uptake-col-period = Periode
uptake-col-tool = Værktøj
uptake-col-title = Titel
uptake-col-municipality-code = Kommunekode
uptake-col-municipality = Kommune
uptake-col-region = Region
uptake-col-municipalities-in = Kommuner: { $status }
