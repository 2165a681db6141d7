#!/usr/bin/python3
"""Writes scenarios/eu-baseline.yaml from the tables below and the fitted values in
tools/baseline_calibration.json, so that every number in the scenario has its source beside it
and the flows add up to the EU totals. Run it after changing a table or the calibration:
    /usr/bin/python3 tools/make_eu_baseline.py > scenarios/eu-baseline.yaml
Sources: the public sources of docs/sources.md, cited by their anchor; numbers no source gives are marked
"assumption" and listed in docs/calibration.md. Values fitted by tools/calibrate_baseline.py are
marked "fitted" with what they were fitted to."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CALIBRATION_FILE = os.path.join(HERE, "baseline_calibration.json")

# --- EU totals (Eurostat migr_eiord, docs/sources.md#S-eurostat-eiord) ---------------------------
# All orders to leave a year, first orders and orders after re-apprehension together: Eurostat
# EU-wide 422k (2022), 484k (2023), 453k (2024). The first orders are the fitted share of them
# (tools/calibrate_baseline.py: the model's re-apprehensions add the rest).
OTL_PER_YEAR = 470_000

# --- member states -----------------------------------------------------------------------------
# Share of the EU's orders to leave: Eurostat quarterly releases (2023-2025, docs/sources.md#S-eurostat-quarterly) where they give a
# state's figure, otherwise the rough Eurostat ranking (assumption).
# Frontline states (arrivals by sea and land) have removal capacities that bind (assumption: escorts
# and charter seats short where arrivals concentrate); elsewhere capacity has a margin.
# (id, name, share of OTL, source of the share, enforcement 0..1, order_overcount, return_undercount, frontline)
STATES = [
    ("FR", "France", 0.290, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 30,800-36,835 a quarter, about 30% of the EU", 0.45, 0.15, 0.05, False),
    ("DE", "Germany", 0.100, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 7,450-15,400 a quarter", 0.60, 0.05, 0.00, False),
    ("ES", "Spain", 0.110, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~13,600 in Q3 2024", 0.35, 0.20, 0.10, True),
    ("EL", "Greece", 0.075, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 6,900-10,200 a quarter", 0.40, 0.10, 0.05, True),
    ("BE", "Belgium", 0.060, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~7,000 in Q1 2024", 0.45, 0.20, 0.10, False),
    ("IT", "Italy", 0.060, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~7,000 in Q4 2022", 0.30, 0.10, 0.10, True),
    ("AT", "Austria", 0.050, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~9,000 in Q4 2022 (lower since; assumption)", 0.55, 0.05, 0.00, False),
    ("NL", "Netherlands", 0.045, "assumption (Eurostat ranking)", 0.50, 0.10, 0.05, False),
    ("HR", "Croatia", 0.030, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 19,795 in Q4 2022, a peak (assumption: lower since)", 0.40, 0.10, 0.05, True),
    ("SE", "Sweden", 0.030, "assumption (Eurostat ranking)", 0.55, 0.05, 0.00, False),
    ("PL", "Poland", 0.030, "assumption (Eurostat ranking)", 0.50, 0.05, 0.00, True),
    ("PT", "Portugal", 0.020, "assumption (Eurostat ranking)", 0.35, 0.10, 0.05, False),
    ("CY", "Cyprus", 0.020, "assumption (Eurostat ranking)", 0.40, 0.10, 0.05, True),
    ("BG", "Bulgaria", 0.015, "assumption (Eurostat ranking)", 0.45, 0.05, 0.00, True),
    ("HU", "Hungary", 0.010, "assumption (Eurostat ranking)", 0.60, 0.05, 0.00, True),
    ("CZ", "Czechia", 0.010, "assumption (Eurostat ranking)", 0.50, 0.05, 0.00, False),
    ("RO", "Romania", 0.010, "assumption (Eurostat ranking)", 0.45, 0.05, 0.00, False),
    ("IE", "Ireland", 0.010, "assumption (Eurostat ranking)", 0.40, 0.10, 0.05, False),
    ("DK", "Denmark", 0.008, "assumption (Eurostat ranking)", 0.55, 0.05, 0.00, False),
    ("FI", "Finland", 0.008, "assumption (Eurostat ranking)", 0.55, 0.05, 0.00, False),
    ("LT", "Lithuania", 0.005, "assumption (Eurostat ranking)", 0.50, 0.05, 0.00, False),
    ("LV", "Latvia", 0.005, "assumption (Eurostat ranking)", 0.50, 0.05, 0.00, False),
    ("LU", "Luxembourg", 0.004, "assumption (Eurostat ranking)", 0.45, 0.05, 0.00, False),
    ("SI", "Slovenia", 0.0015, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: the smallest, ~140-210 a quarter", 0.45, 0.05, 0.00, False),
    ("SK", "Slovakia", 0.0015, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: the smallest, ~140-210 a quarter", 0.50, 0.05, 0.00, False),
    ("EE", "Estonia", 0.0015, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: the smallest, ~140-210 a quarter", 0.50, 0.05, 0.00, False),
    ("MT", "Malta", 0.0015, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: the smallest, ~140-210 a quarter", 0.45, 0.05, 0.00, True),
]

# --- origin countries ----------------------------------------------------------------------------
# class: the first Art. 25a assessment (docs/sources.md#S-nl-letter-2021-03: a third good, a third
# average, over a third insufficient). "insufficient" for the 13 the press listed as worst
# (docs/sources.md#S-art25a-reports) and for countries with proposals (docs/sources.md#S-nl-letter-2024-01:
# Bangladesh, Ethiopia, Iraq, Senegal); the split of the rest
# between average and good is an assumption. "free" = visa-free (no Art. 25a). Gambia is "good":
# the baseline is after the 2021 measures (docs/sources.md#S-council-gm-2021, the 2024 assessment). The class is only used
# to impute the cooperation of origins without a published rate (docs/calibration.md).
#
# group: the corridor profile (CORRIDORS) and the share of new orders that follow apprehension in
# irregular stay rather than a rejected asylum claim (IRREGULAR_SHARE).
#
# visa: visa_sensitivity, the origin's visa dependence (assumption, issue 11 item 5): small,
# diaspora-dependent economies high (Gambia, Senegal), large economies low (India, China, Russia),
# countries without working relations or at war low.
#
# (id, name, class, OTL per year, source of the OTL figure, recognition rate, published return
#  rate or None, its source, group, visa sensitivity, extra keys)
ART25A = "Commission's 2024 Art. 25a assessment, secondary: docs/sources.md#S-art25a-reports"
ORIGINS = [
    ("DZ", "Algeria", "average", 40_000, "Eurostat, docs/sources.md#S-eurostat-eiord: 26-34k/yr 2020-21; quarterly, docs/sources.md#S-eurostat-quarterly: 11-12k/quarter 2024-25", 0.03, 0.10, ART25A, "maghreb", 0.4, {}),
    ("MA", "Morocco", "average", 30_000, "Eurostat, docs/sources.md#S-eurostat-eiord: 22-34k/yr 2020-21; quarterly, docs/sources.md#S-eurostat-quarterly: 7-9k/quarter 2024-25", 0.03, 0.08, ART25A, "maghreb", 0.5, {}),
    ("TN", "Tunisia", "average", 16_000, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~4k/quarter 2024-25", 0.03, None, None, "maghreb", 0.6, {}),
    ("PK", "Pakistan", "average", 14_000, "assumption (returns ~3k/yr, docs/sources.md#S-eurostat-eirtn)", 0.10, 0.11, ART25A, "asia", 0.5, {}),
    ("AF", "Afghanistan", "insufficient", 24_000, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 5-7k/quarter 2024-25", 0.55, None, None, "afsy", 0.2,
     {"diplomatic_relations": "false"}),
    ("IQ", "Iraq", "insufficient", 14_000, "assumption", 0.30, 0.14, ART25A, "mideast", 0.5, {}),
    ("BD", "Bangladesh", "insufficient", 12_000, "assumption", 0.05, 0.09, ART25A, "asia", 0.6, {}),
    ("NG", "Nigeria", "average", 10_000, "assumption", 0.10, None, None, "westafrica", 0.5, {}),
    ("GM", "Gambia", "good", 4_000, "assumption", 0.05, 0.37, ART25A, "westafrica", 0.9, {}),
    ("SN", "Senegal", "insufficient", 8_000, "assumption (docs/sources.md#S-com-sn-2022: 8,010-8,485 ordered 2019-20)", 0.05, None, None,
     "westafrica", 0.8, {}),
    ("GN", "Guinea", "insufficient", 9_000, "assumption", 0.20, 0.05, ART25A, "westafrica", 0.7, {}),
    ("ML", "Mali", "insufficient", 7_000, "assumption", 0.25, 0.04, ART25A, "westafrica", 0.7, {}),
    ("CI", "Côte d'Ivoire", "insufficient", 9_000, "assumption", 0.15, 0.05, ART25A, "westafrica", 0.6, {}),
    ("ET", "Ethiopia", "insufficient", 4_000, "assumption", 0.25, None, None, "hornofafrica", 0.5, {}),
    ("ER", "Eritrea", "insufficient", 3_000, "assumption (NL ~3% return, docs/sources.md#S-nl-other)", 0.80, None, None, "hornofafrica", 0.3, {}),
    ("SO", "Somalia", "insufficient", 5_000, "assumption", 0.50, None, None, "hornofafrica", 0.4, {}),
    ("SY", "Syria", "insufficient", 36_000, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: ~9k/quarter 2024-25", 0.70, None, None, "afsy", 0.1,
     {"safe_return": "false"}),
    ("IR", "Iran", "insufficient", 8_000, "assumption", 0.35, None, None, "mideast", 0.3, {}),
    ("EG", "Egypt", "insufficient", 10_000, "assumption", 0.05, None, None, "mideast", 0.4, {}),
    ("LY", "Libya", "insufficient", 3_000, "assumption", 0.20, None, None, "mideast", 0.4, {}),
    ("CM", "Cameroon", "insufficient", 4_000, "assumption", 0.20, None, None, "westafrica", 0.6, {}),
    ("CD", "DR Congo", "insufficient", 5_000, "assumption", 0.25, None, None, "westafrica", 0.5, {}),
    ("GW", "Guinea-Bissau", "insufficient", 1_500, "assumption", 0.10, None, None, "westafrica", 0.7, {}),
    ("SD", "Sudan", "average", 4_000, "assumption", 0.50, None, None, "hornofafrica", 0.3, {"safe_return": "false"}),
    ("GH", "Ghana", "average", 4_000, "assumption", 0.05, None, None, "westafrica", 0.6, {}),
    ("SL", "Sierra Leone", "average", 3_000, "assumption", 0.10, None, None, "westafrica", 0.7, {}),
    ("MR", "Mauritania", "average", 4_000, "assumption", 0.10, None, None, "westafrica", 0.6, {}),
    ("BF", "Burkina Faso", "average", 2_000, "assumption", 0.20, None, None, "westafrica", 0.6, {}),
    ("NE", "Niger", "average", 1_000, "assumption", 0.20, None, None, "westafrica", 0.6, {}),
    ("TD", "Chad", "average", 1_000, "assumption", 0.20, None, None, "westafrica", 0.5, {}),
    ("IN", "India", "good", 12_000, "assumption", 0.02, None, None, "asia", 0.2, {}),
    ("LK", "Sri Lanka", "good", 3_000, "assumption", 0.10, None, None, "asia", 0.6, {}),
    ("NP", "Nepal", "good", 3_000, "assumption", 0.05, None, None, "asia", 0.6, {}),
    ("VN", "Vietnam", "good", 6_000, "assumption", 0.05, None, None, "asia", 0.4, {}),
    ("CN", "China", "good", 6_000, "assumption", 0.10, None, None, "asia", 0.1, {}),
    ("TR", "Türkiye", "good", 26_000, "Eurostat quarterly, docs/sources.md#S-eurostat-quarterly: 6-7k/quarter 2024-25; Eurostat, docs/sources.md#S-eurostat-eirtn: returns ~5.6k (2023)", 0.15, None, None,
     "turkey", 0.3, {}),
    ("RU", "Russia", "good", 8_000, "assumption", 0.20, None, None, "easteurope", 0.2, {}),
    ("BY", "Belarus", "good", 2_000, "assumption", 0.20, None, None, "easteurope", 0.3, {}),
    ("YE", "Yemen", "average", 2_000, "assumption", 0.60, None, None, "mideast", 0.2, {"safe_return": "false"}),
    # Visa-free neighbourhood and others (Western Balkans and Eastern Partnership return at high
    # rates, often above 60%: docs/sources.md#S-eurostat-eirtn).
    ("AL", "Albania", "free", 22_000, "Eurostat, docs/sources.md#S-eurostat-eiord: 22-23k/yr; returns ~9.5k", 0.02, 0.60, "Western Balkans, often above 60%: docs/sources.md#S-eurostat-eirtn", "balkans", 0.5, {}),
    ("GE", "Georgia", "free", 15_000, "assumption (returns 5-10k/yr, docs/sources.md#S-eurostat-eirtn)", 0.03, 0.60, "Eastern Partnership, often above 60%: docs/sources.md#S-eurostat-eirtn", "balkans", 0.5, {}),
    ("RS", "Serbia", "free", 6_000, "assumption", 0.02, 0.60, "Western Balkans, often above 60%: docs/sources.md#S-eurostat-eirtn", "balkans", 0.5, {}),
    ("MK", "North Macedonia", "free", 5_000, "assumption", 0.01, 0.60, "Western Balkans, often above 60%: docs/sources.md#S-eurostat-eirtn", "balkans", 0.5, {}),
    ("BA", "Bosnia and Herzegovina", "free", 3_000, "assumption", 0.02, None, None, "balkans", 0.5, {}),
    ("MD", "Moldova", "free", 8_000, "assumption", 0.02, None, None, "balkans", 0.5, {}),
    ("ME", "Montenegro", "free", 1_000, "assumption", 0.02, None, None, "balkans", 0.5, {}),
    ("UA", "Ukraine", "free", 5_000, "assumption: few orders under temporary protection since 2022 (returns 6-9k/yr "
     "before, docs/sources.md#S-eurostat-eirtn)", 0.05, None, None, "easteurope", 0.5, {"safe_return": "false"}),
    ("CO", "Colombia", "free", 20_000, "assumption", 0.05, None, None, "latam", 0.5, {}),
    ("VE", "Venezuela", "free", 10_000, "assumption", 0.10, None, None, "latam", 0.5, {"safe_return": "false"}),
]

# Corridors (Eurostat quarterly releases, docs/sources.md#S-eurostat-quarterly: corridors are concentrated, not proportional;
# the shares are assumptions following its description). Each group's profile takes `weight` of the
# group's orders; the rest is spread by the states' overall shares. Iterative proportional fitting
# then restores the states' totals while keeping the concentration.
CORRIDORS = {
    # Maghreb nationals: mostly France, Spain, Italy and Belgium.
    "maghreb": (0.85, {"FR": 0.60, "ES": 0.18, "IT": 0.10, "BE": 0.07, "NL": 0.03, "DE": 0.02}),
    # Afghans and Syrians: mostly Germany, Austria and Greece.
    "afsy": (0.80, {"DE": 0.40, "AT": 0.22, "EL": 0.28, "SE": 0.05, "NL": 0.05}),
    # Western Balkan and Georgian nationals: mostly Germany, France and the Nordic states.
    "balkans": (0.80, {"DE": 0.40, "FR": 0.30, "SE": 0.12, "DK": 0.06, "FI": 0.06, "AT": 0.06}),
    # Assumption: West Africans arrive by the central and western Mediterranean routes.
    "westafrica": (0.60, {"IT": 0.30, "ES": 0.30, "FR": 0.30, "DE": 0.10}),
}
# Share of new orders that follow apprehension in irregular stay (overstay, irregular entry, no
# asylum claim). NL 52-69% of the caseload referred by the asylum (docs/sources.md#S-dtv)
# service, DE ~55% rejected asylum seekers; "most French and Spanish orders concern irregular stay".
# Per group: assumption.
IRREGULAR_SHARE = {"maghreb": 0.85, "westafrica": 0.5, "asia": 0.5, "balkans": 0.5, "turkey": 0.4,
                   "easteurope": 0.4, "latam": 0.4, "mideast": 0.3, "hornofafrica": 0.2, "afsy": 0.2}

# EU-level arrangements (EURA vs informal arrangements: docs/sources.md#S-eca-17-2021; docs/sources.md#S-nl-letter-2024-01).
EU_AGREEMENTS = {"AL": "eura", "GE": "eura", "RS": "eura", "MK": "eura", "BA": "eura", "MD": "eura",
                 "ME": "eura", "UA": "eura", "RU": "eura", "BY": "eura", "PK": "eura", "LK": "eura",
                 "TR": "eura", "AF": "informal", "ET": "informal", "BD": "informal", "GM": "informal",
                 "GN": "informal", "CI": "informal"}
# Bilateral agreements in force (docs/sources.md#S-wodc-2022; Benelux: docs/sources.md#S-nl-letter-2024-01). Assumption:
# a few long-standing ones.
BILATERAL = {("FR", "DZ"): "binding", ("ES", "MA"): "binding", ("IT", "TN"): "binding",
             ("DE", "GE"): "binding", ("NL", "MA"): "non_binding"}

# Capacities per state, relative to its monthly first orders to leave: casework sends identification
# requests (for undocumented people) for this share of them (docs/sources.md#S-art25a-reports, docs/sources.md#S-com-sn-2022: Morocco 2023
# 7,710 requests for 35,065 orders, 22%; Senegal 2019 843 for 8,010, 11%; the share is fitted to
# these two, tools/calibrate_baseline.py); detention places hold this many months of removal
# capacity (assumption). Removal capacity is fitted (tools/calibrate_baseline.py): the unconstrained demand for
# removal attempts times REMOVAL_MARGIN (frontline states bind, the others have a margin).
DETENTION_MONTHS_OF_REMOVALS = 0.25
REMOVAL_MARGIN = {True: 0.8, False: 1.5}
# Identification capacity of an origin: this share of its monthly orders to leave (assumption;
# visa-free origins answer everything).
ID_CAPACITY_SHARE = {"free": 1.0}
ID_CAPACITY_SHARE_DEFAULT = 0.35
# Share of people with an order who hold a valid passport the authorities have (assumption; docs/sources.md#S-nl-letter-2024-01:
# documented people are identified faster): few among the visa-required origins' rejected
# applicants and irregular stayers, most among visa-free travellers.
DOCUMENTED_SHARE = {"free": 0.9}
DOCUMENTED_SHARE_DEFAULT = 0.1
# Reintegration support: the average per voluntary return, so that a voluntary return costs about
# EUR 560 in all (cost per return, docs/sources.md#S-press-costs: voluntary about EUR 560, with costs.voluntary_return_eur
# 300 for its organisation; many independent departures get no support).
AVRR_SUPPORT_EUR = 260
VOLUNTARY_RETURN_EUR = 300

SIMULATION = {"months": 48, "burn_in_months": 60, "start": '"2023-01"', "seed": 2025, "replications": 4,
              "agent_scale": 5}


def load_calibration():
    if not os.path.exists(CALIBRATION_FILE):
        return {}
    with open(CALIBRATION_FILE) as f:
        return json.load(f)


def first_orders_per_year(cal):
    return OTL_PER_YEAR * cal.get("globals", {}).get("first_order_share", 0.8)


def route_orders(cal):
    """Monthly first orders to leave per (origin, state): the corridor blend, then iterative
    proportional fitting to the origins' and the states' totals."""
    first_orders = first_orders_per_year(cal)
    scale = first_orders / sum(o[3] for o in ORIGINS)
    origin_total = {o[0]: o[3] * scale / 12 for o in ORIGINS}
    state_share = {s[0]: s[2] / sum(x[2] for x in STATES) for s in STATES}
    state_total = {s: state_share[s] * first_orders / 12 for s in state_share}
    table = {}
    for o in ORIGINS:
        weight, profile = CORRIDORS.get(o[8], (0.0, {}))
        norm = sum(profile.values()) or 1.0
        for s in state_share:
            table[(o[0], s)] = origin_total[o[0]] * (weight * profile.get(s, 0.0) / norm + (1 - weight) * state_share[s])
    for _ in range(200):
        for s in state_share:
            col = sum(table[(o[0], s)] for o in ORIGINS)
            for o in ORIGINS:
                table[(o[0], s)] *= state_total[s] / col
        for o in ORIGINS:
            row = sum(table[(o[0], s)] for s in state_share)
            for s in state_share:
                table[(o[0], s)] *= origin_total[o[0]] / row
    return table, origin_total, state_total


def write_baseline(cal, stream):
    """The scenario for calibration `cal` (the content of tools/baseline_calibration.json)."""
    fitted = cal.get("origins", {})
    fitted_states = cal.get("states", {})
    globals_ = cal.get("globals", {})
    visa_required = [o for o in ORIGINS if o[2] != "free"]
    assert len(visa_required) == 39, len(visa_required)
    table, origin_total, state_total = route_orders(cal)
    out = []
    w = out.append
    w("# GENERATED by tools/make_eu_baseline.py from its tables and tools/baseline_calibration.json")
    w("# -- edit those, not this file. The EU baseline: 27 member states, the 39 visa-required origin")
    w("# countries of the Art. 25a exercise as best they can be identified")
    w("# (docs/sources.md#S-com-2021-56), and the main visa-free ones. Orders to leave: %d a year in all" % OTL_PER_YEAR)
    w("# (Eurostat EU-wide: 422-484k, docs/sources.md#S-eurostat-eiord), of which %d first orders (the"
      % first_orders_per_year(cal))
    w("# rest after re-apprehension; the share is fitted). Calibration and every assumption:")
    w("# docs/calibration.md; every source: docs/sources.md.")
    w("scenario:")
    w("  name: eu-baseline")
    w('  description: "EU-27 and 49 origin countries, sized on Eurostat orders to leave (docs/sources.md#S-eurostat-eiord)"')
    w("# agent_scale 5: one agent stands for 5 people (capacities and flows stay in people). The burn-in")
    w("# of five years lets every run reach its steady state before 2023-01 (docs/model.md, spin-up).")
    w("simulation: {" + ", ".join(f"{k}: {v}" for k, v in SIMULATION.items()) + "}")
    w("")
    w("member_states:")
    for sid, name, share, source, enforcement, over, under, frontline in STATES:
        otl_month = state_total[sid]
        removal = fitted_states.get(sid, {}).get("removal_capacity", round(otl_month * 0.15))
        casework = round(otl_month * cal.get("globals", {}).get("casework_share", 0.25))
        detention = fitted_states.get(sid, {}).get("detention_capacity", round(removal * DETENTION_MONTHS_OF_REMOVALS))
        fit = "fitted: unconstrained demand x %.1f (%s)" % (REMOVAL_MARGIN[frontline], "frontline, binds" if frontline else "margin") \
            if sid in fitted_states else "placeholder until tools/calibrate_baseline.py has run"
        w(f"  # {name}: {otl_month:,.0f} new orders a month ({source}); removal capacity {fit}")
        w(f"  - {{id: {sid}, name: {name}, removal_capacity: {removal}, casework_capacity: {casework},"
          f" detention_capacity: {detention}, avrr_support_eur: {AVRR_SUPPORT_EUR}, enforcement: {enforcement},")
        w(f"     registration: {{order_overcount: {over}, return_undercount: {under}}}}}"
          "  # registration differs by state, docs/sources.md#S-wodc-2022 (assumption: values)")
    w("")
    w("origin_countries:")
    for oid, name, klass, otl, otl_source, rec, rate, rate_source, group, visa, extra in ORIGINS:
        f = fitted.get(oid, {})
        coop = f.get("cooperation", 0.3)
        id_share = f.get("id_capacity_share", ID_CAPACITY_SHARE.get(klass, ID_CAPACITY_SHARE_DEFAULT))
        id_capacity = round(origin_total[oid] * id_share)
        documented = DOCUMENTED_SHARE.get(klass, DOCUMENTED_SHARE_DEFAULT)
        fields = {"id": oid, "name": f'"{name}"', "visa_required": "false" if klass == "free" else "true",
                  "cooperation": round(coop, 4), "id_capacity": id_capacity, "documented_share": documented,
                  "visa_sensitivity": visa}
        fields.update(extra)
        how = f.get("how", "placeholder until tools/calibrate_baseline.py has run")
        published = f"; published return rate {rate:.0%} ({rate_source})" if rate else ""
        w(f"  # {name}: class {klass}; new OTL {origin_total[oid] * 12:,.0f}/yr ({otl_source}){published};"
          f" cooperation {how}")
        w("  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}")
    w("")
    w("# Every origin-state pair. New orders per month: the origin's corridor profile (corridors are")
    w("# concentrated: docs/sources.md#S-eurostat-quarterly; shares are assumptions) fitted to the")
    w("# states' totals; a share of them follow apprehension in irregular stay (docs/sources.md#S-dtv,")
    w("# docs/sources.md#S-de-bundestag; per-group shares are assumptions), the rest rejected asylum")
    w("# claims: asylum_applications = orders / (1 - recognition).")
    w("# Initial stocks: the origin's steady-state stocks in months of orders (fitted; the burn-in settles them).")
    w("routes:")
    for oid, name, klass, otl, otl_source, rec, rate, rate_source, group, visa, extra in ORIGINS:
        f = fitted.get(oid, {})
        irregular_share = IRREGULAR_SHARE[group]
        for sid, *_ in STATES:
            orders = table[(oid, sid)]
            applications = orders * (1 - irregular_share) / (1 - rec)
            irregular = orders * irregular_share
            stock = orders * f.get("stock_months", 18)
            absconded = orders * f.get("absconded_months", 12)
            route = (f"  - {{origin: {oid}, member_state: {sid}, asylum_applications: {applications:.2f},"
                     f" irregular_apprehensions: {irregular:.2f}, recognition_rate: {rec},"
                     f" initial_stock: {stock:.0f}, initial_absconded: {absconded:.0f}")
            if (sid, oid) in BILATERAL:
                route += f", agreement: {BILATERAL[(sid, oid)]}"
            w(route + "}")
    w("")
    behaviour = globals_.get("behaviour", {})
    cooperation = globals_.get("cooperation", {})
    thresholds = globals_.get("thresholds", {})
    council = globals_.get("council_adoption_probability")
    w("# Behaviour (docs/calibration.md): the voluntary hazard and the stick behind the door")
    w("# (docs/sources.md#S-nl-letter-2021-06) are fitted to the voluntary share of returns (53.8% in")
    w("# 2024, docs/sources.md#S-eurostat-eirt-vol) together with the per-origin rates; the other rates")
    w("# are the parameter table's.")
    w("behaviour: {" + ", ".join(f"{k}: {v}" for k, v in behaviour.items()) + "}")
    w("# binding_agreement_effect: fitted to WODC's +5-10 points (docs/sources.md#S-wodc-2022) on Morocco-France.")
    w("cooperation: {" + ", ".join(f"{k}: {v}" for k, v in cooperation.items()) + "}")
    w(f"costs: {{voluntary_return_eur: {VOLUNTARY_RETURN_EUR}}}  # with support EUR {AVRR_SUPPORT_EUR}: ~EUR 560 per voluntary return, docs/sources.md#S-press-costs")
    w("")
    w("# The Art. 25a cycle is off in the baseline (scenarios switch it on). Its thresholds are fitted so")
    w("# that the first assessment classes about a third of the 39 in each class, insufficient the largest")
    w("# (docs/sources.md#S-nl-letter-2021-03); the Council's adoption probability so that about a third")
    w("# of the proposals are adopted within four years (the Art. 25a decisions 2021-2024: two of six,")
    w("# docs/sources.md#S-art25a-history).")
    visa = {"enabled": "false"}
    if thresholds:
        visa["thresholds"] = "{" + ", ".join(f"{k}: {v}" for k, v in thresholds.items()) + "}"
    if council is not None:
        visa["council_adoption_probability"] = council
    w("policies:")
    w("  visa_leverage: {" + ", ".join(f"{k}: {v}" for k, v in visa.items()) + "}")
    w("")
    w("eu:")
    w("  agreements: {" + ", ".join(f"{k}: {v}" for k, v in EU_AGREEMENTS.items()) + "}")
    stream.write("\n".join(out) + "\n")


if __name__ == "__main__":
    write_baseline(load_calibration(), sys.stdout)
