"""Regions & countries: world map by country, city bubbles, region bars (7 or 6), country table."""

from functools import partial

import streamlit as st

from prizestats.app import data, views
from prizestats.app.frame import page_context
from prizestats.figures import charts

ctx = page_context("regions")
st.title(ctx.t("regions_page"))
views.scope_line(ctx)

# Each chart drawn without its own filter, the chosen marks highlighted (views.own_view); the
# maps zoom to the places drawn when the view is narrowed to regions.
places = views.own_view(ctx, "country")
zoom = bool(ctx.scope.regions)
countries = data.entries_by_country(places)
views.chart_with_table(ctx, views.figure(charts.entries_by_country, countries, ctx.lang,
                                         ctx.source_line(), fit=zoom,
                                         highlight=views.chosen(ctx)),
                       partial(views.country_table, ctx, countries), "entries_by_country")

left, right = st.columns([3, 2])
with left:
    cities = data.entries_by_city(places)
    views.chart_with_table(ctx, views.figure(charts.entries_by_city, cities, ctx.lang,
                                             ctx.source_line(), fit=zoom,
                                             highlight=views.chosen(ctx)),
                           partial(views.city_table, ctx, cities), "entries_by_city")
    views.cities_without_coordinates(ctx, cities)
with right:
    six = st.segmented_control(ctx.t("region_view"), ["region6", "region"], default="region6",
                               format_func=lambda v: (ctx.t("six_regions") if v == "region6"
                                                      else ctx.t("seven_regions")),
                               help=ctx.t("region_view_help"))
    six = (six or "region6") == "region6"
    view = views.own_view(ctx, "region")
    regions = data.entries_by_region6(view) if six else data.entries_by_region(view)
    views.chart_with_table(
        ctx, views.figure(charts.entries_by_region, regions, ctx.lang, ctx.source_line(),
                          total=data.figures(view)["entries"], highlight=views.chosen(ctx)),
        partial(views.region_table, ctx, regions), "entries_by_region")
