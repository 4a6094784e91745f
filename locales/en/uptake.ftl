# Uptake of the recommendations.

field-period-order = The start of the period must be before its end.

uptake-table-recommendations = Recommendations
uptake-table-timeline = Timeline
uptake-table-toolbox = Tools
uptake-table-coverage = Coverage
uptake-col-code = Code
uptake-col-recommendation = Recommendation
uptake-col-collaborations = Collaborations
uptake-col-municipalities = Municipalities
uptake-col-period = Period
uptake-col-tool = Tool
uptake-col-title = Title
uptake-col-municipality-code = Municipality code
uptake-col-municipality = Municipality
uptake-col-region = Region
uptake-col-municipalities-in = Municipalities: { $status }
