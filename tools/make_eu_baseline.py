#!/usr/bin/python3
"""Writes scenarios/eu-baseline.yaml from the tables below, so that every number in the scenario
has its source beside it and the flows add up to the EU totals. Run it after changing a table:
    /usr/bin/python3 tools/make_eu_baseline.py > scenarios/eu-baseline.yaml
Sources: FACTS.md rows (quoted by their heading) and seeds/00N; numbers no source gives are
marked "assumption" and listed in docs/calibration.md."""

# --- EU totals (FACTS.md "EU-wide" table) -------------------------------------------------------
OTL_PER_YEAR = 470_000  # FACTS.md EU-wide: 422k (2022), 484k (2023), 453k (2024); 450-490k a year

# --- member states: share of EU orders to leave, and capacities ---------------------------------
# Shares: assumption, the rough ranking of Eurostat migr_eiord 2023 by issuing state (France far
# ahead; Germany, Greece, Spain, Italy, Belgium, the Netherlands next); not in FACTS.md.
# (id, name, share of OTL, enforcement 0..1, order_overcount, return_undercount)
STATES = [
    ("FR", "France", 0.235, 0.45, 0.15, 0.05),
    ("DE", "Germany", 0.11, 0.60, 0.05, 0.00),
    ("EL", "Greece", 0.09, 0.40, 0.10, 0.05),
    ("ES", "Spain", 0.08, 0.35, 0.20, 0.10),
    ("IT", "Italy", 0.07, 0.30, 0.10, 0.10),
    ("BE", "Belgium", 0.05, 0.45, 0.20, 0.10),
    ("NL", "Netherlands", 0.05, 0.50, 0.10, 0.05),
    ("AT", "Austria", 0.04, 0.55, 0.05, 0.00),
    ("SE", "Sweden", 0.04, 0.55, 0.05, 0.00),
    ("PL", "Poland", 0.04, 0.50, 0.05, 0.00),
    ("PT", "Portugal", 0.02, 0.35, 0.10, 0.05),
    ("HU", "Hungary", 0.02, 0.60, 0.05, 0.00),
    ("CY", "Cyprus", 0.02, 0.40, 0.10, 0.05),
    ("CZ", "Czechia", 0.015, 0.50, 0.05, 0.00),
    ("RO", "Romania", 0.015, 0.45, 0.05, 0.00),
    ("BG", "Bulgaria", 0.015, 0.45, 0.05, 0.00),
    ("DK", "Denmark", 0.01, 0.55, 0.05, 0.00),
    ("FI", "Finland", 0.01, 0.55, 0.05, 0.00),
    ("IE", "Ireland", 0.01, 0.40, 0.10, 0.05),
    ("HR", "Croatia", 0.02, 0.40, 0.10, 0.05),
    ("SI", "Slovenia", 0.01, 0.45, 0.05, 0.00),
    ("SK", "Slovakia", 0.005, 0.50, 0.05, 0.00),
    ("LT", "Lithuania", 0.005, 0.50, 0.05, 0.00),
    ("LV", "Latvia", 0.005, 0.50, 0.05, 0.00),
    ("EE", "Estonia", 0.005, 0.50, 0.05, 0.00),
    ("LU", "Luxembourg", 0.005, 0.45, 0.05, 0.00),
    ("MT", "Malta", 0.005, 0.45, 0.05, 0.00),
]

# --- origin countries ---------------------------------------------------------------------------
# class: the first Art. 25a assessment (seed 001: a third good, a third average, over a third
# insufficient). "insufficient" for the 13 the press listed as worst (FACTS.md Art. 25a) and for
# countries with proposals (seed 003: Bangladesh, Ethiopia, Iraq, Senegal); the split of the rest
# between average and good is an assumption. "free" = visa-free (no Art. 25a).
COOPERATION = {"insufficient": 0.08, "average": 0.30, "good": 0.65, "free": 0.95}  # assumption; see docs/calibration.md
# (id, name, class, OTL per year, recognition rate, published return rate or None, source of the
#  OTL figure, extra keys)
ORIGINS = [
    # Visa-required: the 39 of the Art. 25a exercise as best identified (seed 001; FACTS.md).
    ("DZ", "Algeria", "average", 40_000, 0.03, 0.10, "FACTS.md: 26-34k/yr 2020-21, 11-12k/quarter 2024-25", {}),
    ("MA", "Morocco", "average", 30_000, 0.03, 0.08, "FACTS.md: 22-34k/yr 2020-21, 7-9k/quarter 2024-25", {}),
    ("TN", "Tunisia", "average", 16_000, 0.03, None, "FACTS.md: ~4k/quarter 2024-25", {}),
    ("PK", "Pakistan", "average", 14_000, 0.10, 0.11, "assumption (returns ~3k/yr, FACTS.md)", {}),
    ("AF", "Afghanistan", "insufficient", 24_000, 0.55, None, "FACTS.md: 5-7k/quarter 2024-25",
     {"diplomatic_relations": "false"}),
    ("IQ", "Iraq", "insufficient", 14_000, 0.30, 0.14, "assumption; cooperation calibrated to the published 14% (many assisted voluntary returns)",
     {"cooperation": 0.3}),
    ("BD", "Bangladesh", "insufficient", 12_000, 0.05, 0.09, "assumption", {}),
    ("NG", "Nigeria", "average", 10_000, 0.10, None, "assumption", {}),
    ("GM", "Gambia", "good", 4_000, 0.05, 0.37, "assumption; class good after the 2021 measures (FACTS.md Gambia: substantial and sustained improvement, Sept 2023); cooperation calibrated to the published 37%",
     {"visa_sensitivity": 0.8, "cooperation": 0.8}),
    ("SN", "Senegal", "insufficient", 8_000, 0.05, None, "assumption", {}),
    ("GN", "Guinea", "insufficient", 9_000, 0.20, 0.05, "assumption", {}),
    ("ML", "Mali", "insufficient", 7_000, 0.25, 0.04, "assumption", {}),
    ("CI", "Côte d'Ivoire", "insufficient", 9_000, 0.15, 0.05, "assumption", {}),
    ("ET", "Ethiopia", "insufficient", 4_000, 0.25, None, "assumption", {}),
    ("ER", "Eritrea", "insufficient", 3_000, 0.80, None, "assumption (NL ~3% return, FACTS.md)", {}),
    ("SO", "Somalia", "insufficient", 5_000, 0.50, None, "assumption", {}),
    ("SY", "Syria", "insufficient", 36_000, 0.70, None, "FACTS.md: ~9k/quarter 2024-25",
     {"safe_return": "false"}),
    ("IR", "Iran", "insufficient", 8_000, 0.35, None, "assumption", {}),
    ("EG", "Egypt", "insufficient", 10_000, 0.05, None, "assumption", {}),
    ("LY", "Libya", "insufficient", 3_000, 0.20, None, "assumption", {}),
    ("CM", "Cameroon", "insufficient", 4_000, 0.20, None, "assumption", {}),
    ("CD", "DR Congo", "insufficient", 5_000, 0.25, None, "assumption", {}),
    ("GW", "Guinea-Bissau", "insufficient", 1_500, 0.10, None, "assumption", {}),
    ("SD", "Sudan", "average", 4_000, 0.50, None, "assumption", {"safe_return": "false"}),
    ("GH", "Ghana", "average", 4_000, 0.05, None, "assumption", {}),
    ("SL", "Sierra Leone", "average", 3_000, 0.10, None, "assumption", {}),
    ("MR", "Mauritania", "average", 4_000, 0.10, None, "assumption", {}),
    ("BF", "Burkina Faso", "average", 2_000, 0.20, None, "assumption", {}),
    ("NE", "Niger", "average", 1_000, 0.20, None, "assumption", {}),
    ("TD", "Chad", "average", 1_000, 0.20, None, "assumption", {}),
    ("IN", "India", "good", 12_000, 0.02, None, "assumption", {}),
    ("LK", "Sri Lanka", "good", 3_000, 0.10, None, "assumption", {}),
    ("NP", "Nepal", "good", 3_000, 0.05, None, "assumption", {}),
    ("VN", "Vietnam", "good", 6_000, 0.05, None, "assumption", {}),
    ("CN", "China", "good", 6_000, 0.10, None, "assumption", {}),
    ("TR", "Türkiye", "good", 26_000, 0.15, None, "FACTS.md: 6-7k/quarter 2024-25; returns ~5.6k (2023)", {}),
    ("RU", "Russia", "good", 8_000, 0.20, None, "assumption", {}),
    ("BY", "Belarus", "good", 2_000, 0.20, None, "assumption", {}),
    ("YE", "Yemen", "average", 2_000, 0.60, None, "assumption", {"safe_return": "false"}),
    # Visa-free neighbourhood and others (FACTS.md: Western Balkans and Eastern Partnership return
    # at high rates, often above 60%).
    ("AL", "Albania", "free", 22_000, 0.02, 0.60, "FACTS.md: 22-23k/yr; returns ~9.5k", {}),
    ("GE", "Georgia", "free", 15_000, 0.03, 0.60, "assumption (returns 5-10k/yr, FACTS.md)", {}),
    ("RS", "Serbia", "free", 6_000, 0.02, 0.60, "assumption", {}),
    ("MK", "North Macedonia", "free", 5_000, 0.01, 0.60, "assumption", {}),
    ("BA", "Bosnia and Herzegovina", "free", 3_000, 0.02, None, "assumption", {}),
    ("MD", "Moldova", "free", 8_000, 0.02, None, "assumption", {}),
    ("ME", "Montenegro", "free", 1_000, 0.02, None, "assumption", {}),
    ("UA", "Ukraine", "free", 25_000, 0.05, None, "assumption (returns 6-9k/yr pre-2022, FACTS.md)",
     {"safe_return": "false"}),
    ("CO", "Colombia", "free", 20_000, 0.05, None, "assumption", {}),
    ("VE", "Venezuela", "free", 10_000, 0.10, None, "assumption", {"safe_return": "false"}),
]

# EU-level arrangements (seed 000: EURA vs informal arrangements; seed 003).
EU_AGREEMENTS = {"AL": "eura", "GE": "eura", "RS": "eura", "MK": "eura", "BA": "eura", "MD": "eura",
                 "ME": "eura", "UA": "eura", "RU": "eura", "BY": "eura", "PK": "eura", "LK": "eura",
                 "TR": "eura", "AF": "informal", "ET": "informal", "BD": "informal", "GM": "informal",
                 "GN": "informal", "CI": "informal"}
# Binding bilateral agreements in force (seed 002; seed 003: Benelux). Assumption: a few long-standing ones.
BILATERAL = {("FR", "DZ"): "binding", ("ES", "MA"): "binding", ("IT", "TN"): "binding",
             ("DE", "GE"): "binding", ("NL", "MA"): "non_binding"}

# Calibrated (docs/calibration.md): the base voluntary hazard and the credibility multiplier set
# the voluntary share (FACTS.md ~50%) and the spread of return rates between origins.
BEHAVIOUR = {"voluntary_departure_rate": 0.0009, "stick_behind_the_door": 20, "abscond_rate": 0.008}

# Calibrated: a binding bilateral agreement adds 0.3 cooperation points to its pair, which gives
# the +5-10 return-rate points of WODC 2022 (seed 002; FACTS.md effect sizes) on Morocco-France.
COOPERATION_PARAMS = {"binding_agreement_effect": 0.3}
# The Commission does not publish its Art. 25a score thresholds: calibrated so that the first
# assessment (after 12 months) classes about a third of the 39 in each class, insufficient the
# largest (seed 001).
VISA_THRESHOLDS = {"good": 0.30, "insufficient": 0.14}

MONTHS_IN_STOCK = 24  # assumption: the stock with an order to leave is about two years of orders


def main():
    assert abs(sum(s[2] for s in STATES) - 1.0) < 1e-9, sum(s[2] for s in STATES)
    otl_total = sum(o[3] for o in ORIGINS)
    scale = OTL_PER_YEAR / otl_total
    visa_required = [o for o in ORIGINS if o[2] != "free"]
    assert len(visa_required) == 39, len(visa_required)
    out = []
    w = out.append
    w("# GENERATED by tools/make_eu_baseline.py -- edit the tables there, not this file.")
    w("# The EU baseline: 27 member states, the 39 visa-required origin countries of the Art. 25a")
    w("# exercise as best they can be identified (seed 001; FACTS.md Art. 25a), and the main visa-free")
    w("# ones. Orders to leave sum to %d a year (FACTS.md EU-wide: 450-490k)." % OTL_PER_YEAR)
    w("# Calibration and every assumption: docs/calibration.md.")
    w("scenario:")
    w("  name: eu-baseline")
    w('  description: "EU-27 and 49 origin countries, sized on Eurostat orders to leave (FACTS.md)"')
    w("# agent_scale 5: one agent stands for 5 people (capacities and flows stay in people).")
    w('simulation: {months: 48, start: "2023-01", seed: 2025, replications: 4, agent_scale: 5}')
    w("")
    w("member_states:")
    for sid, name, share, enforcement, over, under in STATES:
        otl_month = OTL_PER_YEAR * share / 12
        # Forced returns are about half of ~110k returns a year (FACTS.md EU-wide 2024; voluntary
        # 53.8%): removal capacity sized at 1.5x a state's share of that (assumption).
        removal = round(OTL_PER_YEAR * 0.12 * share / 12 * 1.5)
        casework = round(otl_month * 0.5)            # assumption: half the monthly orders taken up
        detention = round(removal * 2)               # assumption: two months of removals
        w(f"  # {name}: {share:.1%} of EU orders to leave = {otl_month:,.0f} a month (assumption: Eurostat ranking)")
        w(f"  - {{id: {sid}, name: {name}, removal_capacity: {removal}, casework_capacity: {casework},"
          f" detention_capacity: {detention}, enforcement: {enforcement},")
        w(f"     registration: {{order_overcount: {over}, return_undercount: {under}}}}}"
          "  # seed 002: registration differs by state (assumption: values)")
    w("")
    w("origin_countries:")
    for oid, name, klass, otl, rec, rate, source, extra in ORIGINS:
        coop = COOPERATION[klass]
        id_capacity = round(otl * scale / 12 * (1.0 if klass == "free" else 0.3))  # assumption
        documented = 0.9 if klass == "free" else 0.3
        fields = {"id": oid, "name": f'"{name}"', "visa_required": "false" if klass == "free" else "true",
                  "cooperation": coop, "id_capacity": id_capacity, "documented_share": documented}
        fields.update(extra)
        published = f"; published return rate {rate:.0%} (FACTS.md Art. 25a report 2024)" if rate else ""
        w(f"  # {name}: class {klass}; OTL {otl * scale:,.0f}/yr ({source}){published}")
        w("  - {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}")
    w("")
    w("# Every origin-state pair: the origin's orders to leave split by the states' shares")
    w("# (assumption: no corridor data in FACTS.md). asylum_applications = orders / (1 - recognition).")
    w("routes:")
    for oid, name, klass, otl, rec, rate, source, extra in ORIGINS:
        for sid, sname, share, *_ in STATES:
            orders_month = otl * scale * share / 12
            applications = orders_month / (1 - rec)
            stock = orders_month * MONTHS_IN_STOCK
            route = (f"  - {{origin: {oid}, member_state: {sid}, asylum_applications: {applications:.1f},"
                     f" recognition_rate: {rec}, initial_stock: {stock:.0f}")
            if (sid, oid) in BILATERAL:
                route += f", agreement: {BILATERAL[(sid, oid)]}"
            w(route + "}")
    w("")
    w("# Behaviour calibrated to the EU totals (docs/calibration.md): voluntary departure is mostly")
    w("# driven by the credibility of forced return (seed 004: forced return is the stick behind the")
    w("# door), so it is rare toward origins that do not cooperate (FACTS.md: under 20% to Africa and")
    w("# Asia) and common toward those that do (Western Balkans above 60%).")
    w("behaviour: {" + ", ".join(f"{k}: {v}" for k, v in BEHAVIOUR.items()) + "}")
    w("cooperation: {" + ", ".join(f"{k}: {v}" for k, v in COOPERATION_PARAMS.items()) + "}  # seed 002; calibrated")
    w("")
    w("# The Art. 25a cycle is off in the baseline (scenarios switch it on); its thresholds are calibrated")
    w("# to the first assessment's thirds (seed 001; docs/calibration.md).")
    w("policies:")
    w("  visa_leverage: {enabled: false, thresholds: {" + ", ".join(f"{k}: {v}" for k, v in VISA_THRESHOLDS.items()) + "}}")
    w("")
    w("eu:")
    w("  agreements: {" + ", ".join(f"{k}: {v}" for k, v in EU_AGREEMENTS.items()) + "}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
