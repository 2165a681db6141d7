#include "returnsim/scenario/parameters.hpp"

#include <cstdio>

namespace returnsim::scenario {
namespace {

constexpr double kInf = 1e300;

ParamSpec number(std::string_view key, std::string_view unit, double def, double lo, double hi,
                 std::string_view source, std::string_view description) {
  ParamSpec s;
  s.key = key; s.type = ParamType::number; s.unit = unit; s.default_number = def;
  s.min = lo; s.max = hi; s.source = source; s.description = description;
  return s;
}
ParamSpec integer(std::string_view key, std::string_view unit, int def, double lo, double hi,
                  std::string_view source, std::string_view description) {
  ParamSpec s = number(key, unit, def, lo, hi, source, description);
  s.type = ParamType::integer;
  return s;
}
/// A seed: a whole number over the full 64-bit range.
ParamSpec seed_spec(std::string_view description) {
  ParamSpec s = number("seed", "-", 1, 0, 1.8446744073709552e19, "-", description);
  s.type = ParamType::unsigned_integer;
  return s;
}
ParamSpec boolean(std::string_view key, bool def, std::string_view source,
                  std::string_view description) {
  ParamSpec s = number(key, "true/false", def ? 1 : 0, 0, 1, source, description);
  s.type = ParamType::boolean;
  return s;
}
ParamSpec text(std::string_view key, std::string_view def, std::string_view description) {
  ParamSpec s;
  s.key = key; s.type = ParamType::text; s.unit = "text"; s.default_text = def;
  s.source = "-"; s.description = description;
  return s;
}
ParamSpec choice(std::string_view key, std::string_view def, std::vector<std::string_view> choices,
                 std::string_view source, std::string_view description) {
  ParamSpec s;
  s.key = key; s.type = ParamType::choice; s.unit = "choice"; s.default_text = def;
  s.choices = std::move(choices); s.source = source; s.description = description;
  return s;
}
ParamSpec required(ParamSpec s) {
  s.required = true;
  return s;
}

constexpr std::string_view kShare = "share 0..1";
constexpr std::string_view kPerMonth = "per month";
constexpr std::string_view kPeoplePerMonth = "people per month";
/// Terms of the cooperation target add up in log-odds (model/processes/cooperation.hpp).
constexpr std::string_view kLogOdds = "log-odds of cooperation";

}  // namespace

const std::vector<Field<ScenarioInfo>>& scenario_info_fields() {
  static const std::vector<Field<ScenarioInfo>> fields = {
      {required(text("name", "", "short name of the scenario")), &ScenarioInfo::name},
      {text("description", "", "what the scenario represents"), &ScenarioInfo::description},
  };
  return fields;
}

const std::vector<Field<SimulationSettings>>& simulation_fields() {
  static const std::vector<Field<SimulationSettings>> fields = {
      {integer("months", "months", 60, 1, 1200, "-",
               "reported horizon: months written to the output, month 0 is `start`"),
       &SimulationSettings::months},
      {integer("burn_in_months", "months", 60, 0, 600,
               "assumption: over three time constants of the slowest stock (absconded people, about 20 months)",
               "months simulated before month 0 and not reported, so that the reported horizon starts from the "
               "world's own steady state; levers, schedules and the Art. 25a cycle act from month 0 only"),
       &SimulationSettings::burn_in_months},
      {text("start", "2025-01", "calendar month of reported month 0, YYYY-MM"), &SimulationSettings::start},
      {seed_spec("base seed; run seeds derive from it and the run index"), &SimulationSettings::seed},
      {integer("replications", "runs", 10, 1, 1000000, "-",
               "replications with independent random streams"),
       &SimulationSettings::replications},
      {integer("agent_scale", "people per agent", 1, 1, 1000, "-",
               "people represented by one migrant agent"),
       &SimulationSettings::agent_scale},
  };
  return fields;
}

const std::vector<Field<MemberState>>& member_state_fields() {
  static const std::vector<Field<MemberState>> fields = {
      {required(text("id", "", "unique id (ISO code)")), &MemberState::id},
      {required(text("name", "", "display name")), &MemberState::name},
      {number("removal_capacity", kPeoplePerMonth, 100, 0, 1e7, "DT&V forced departures (docs/sources.md#S-dtv)",
              "removal attempts (escorts, seats on flights and charters) the state can organise per month; a "
              "failed attempt uses its slot too"),
       &MemberState::removal_capacity},
      {number("detention_capacity", "people", 200, 0, 1e7, "assumption",
              "detention places for people awaiting removal"),
       &MemberState::detention_capacity},
      {integer("detention_max_months", "months", 18, 0, 240,
               "Return Directive 2008/115/EC art. 15, 6 + 12 months (docs/sources.md#S-return-directive)",
               "legal maximum detention; the detainee is released after it"),
       &MemberState::detention_max_months},
      {number("casework_capacity", kPeoplePerMonth, 500, 0, 1e7, "assumption",
              "return cases taken up per month (identification requests sent)"),
       &MemberState::casework_capacity},
      {number("avrr_support_eur", "EUR per voluntary return", 1500, 0, 1e6,
              "Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "reintegration support given with an assisted voluntary return"),
       &MemberState::avrr_support_eur},
      {number("enforcement", kShare, 0.5, 0, 1, "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "intensity of supervision; lowers absconding"),
       &MemberState::enforcement},
      {number("registration.order_overcount", kShare, 0.0, 0, 10, "WODC 2022 (docs/sources.md#S-wodc-2022)",
              "share by which recorded orders to leave exceed true ones"),
       &MemberState::order_overcount},
      {number("registration.return_undercount", kShare, 0.0, 0, 1, "WODC 2022 (docs/sources.md#S-wodc-2022)",
              "share of true returns missing from the recorded returns"),
       &MemberState::return_undercount},
      {number("leverage_weight", kShare, 0.2, 0, 1,
              "EU acting together weighs more: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03); NL letter "
              "Oct 2022 (docs/sources.md#S-nl-letter-2022-10)",
              "weight of a measure or incentive this state takes alone; coalition members' weights "
              "add up (capped at cooperation.eu_weight)"),
       &MemberState::leverage_weight},
  };
  return fields;
}

const std::vector<Field<OriginCountry>>& origin_country_fields() {
  static const std::vector<Field<OriginCountry>> fields = {
      {required(text("id", "", "unique id (ISO code)")), &OriginCountry::id},
      {required(text("name", "", "display name")), &OriginCountry::name},
      {boolean("visa_required", true,
               "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "nationals need a Schengen visa (Art. 25a applies)"),
       &OriginCountry::visa_required},
      {boolean("safe_return", true,
               "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
               "false: no forced return (risk of serious harm)"),
       &OriginCountry::safe_return},
      {boolean("diplomatic_relations", true,
               "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)", "false: no forced return possible"),
       &OriginCountry::diplomatic_relations},
      {number("cooperation", kShare, 0.5, 0, 1,
              "sliding scale: Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "baseline propensity to answer identification requests and issue documents"),
       &OriginCountry::cooperation},
      {number("id_capacity", kPeoplePerMonth, 200, 0, 1e7,
              "bottleneck: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "identification requests the origin answers per month, all states together"),
       &OriginCountry::id_capacity},
      {number("visa_sensitivity", kShare, 0.5, 0, 1,
              "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)", "weight of visa measures"),
       &OriginCountry::visa_sensitivity},
      {number("aid_sensitivity", kShare, 0.3, 0, 1,
              "ECA 17/2021 via NL letter Oct 2021 (docs/sources.md#S-nl-letter-2021-10)", "weight of development aid"),
       &OriginCountry::aid_sensitivity},
      {number("trade_sensitivity", kShare, 0.2, 0, 1, "GSP: Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "weight of trade preferences"),
       &OriginCountry::trade_sensitivity},
      {number("domestic_cost", kShare, 0.3, 0, 1, "NL letter Oct 2022 (docs/sources.md#S-nl-letter-2022-10)",
              "domestic political cost of accepting forced returns"),
       &OriginCountry::domestic_cost},
      {number("reactance", kShare, 0.1, 0, 1, "assumption", "tendency of coercion to backfire"),
       &OriginCountry::reactance},
      {number("documented_share", kShare, 0.3, 0, 1, "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "share of nationals who hold identity documents"),
       &OriginCountry::documented_share},
      {text("transit_country", "",
            "id of the main transit country; with an EU agreement there that has a "
            "third-country-national clause, transit migrants can be returned to it"),
       &OriginCountry::transit_country},
      {number("transit_share", kShare, 0.0, 0, 1, "TCN clause: ECA 17/2021 (docs/sources.md#S-eca-17-2021)",
              "share of this origin's nationals whose transit through transit_country can be shown"),
       &OriginCountry::transit_share},
  };
  return fields;
}

const std::vector<Field<Route>>& route_fields() {
  static const std::vector<Field<Route>> fields = {
      {required(text("origin", "", "origin country id")), &Route::origin},
      {required(text("member_state", "", "member state id")), &Route::member_state},
      {number("asylum_applications", kPeoplePerMonth, 0, 0, 1e6,
              "Eurostat migr_asyappctza (docs/sources.md#S-eurostat-asylum)",
              "first asylum applications on this route"),
       &Route::asylum_applications},
      {number("irregular_apprehensions", kPeoplePerMonth, 0, 0, 1e6,
              "DT&V intake, NL: 31-48% of the caseload referred by the police (docs/sources.md#S-dtv)",
              "people found in irregular stay for the first time (no asylum claim: overstay, irregular entry) "
              "and ordered to leave"),
       &Route::irregular_apprehensions},
      {number("recognition_rate", kShare, 0.3, 0, 1, "Eurostat migr_asydcfsta (docs/sources.md#S-eurostat-asylum)",
              "share of asylum decisions that grant protection"),
       &Route::recognition_rate},
      {number("initial_stock", "people", 0, 0, 1e8,
              "Eurostat migr_eiord, migr_eirtn (docs/sources.md#S-eurostat-eiord)",
              "people holding an order to leave when the burn-in starts (the burn-in settles the rest)"),
       &Route::initial_stock},
      {number("initial_absconded", "people", 0, 0, 1e8, "assumption",
              "people absconded (irregular stay, whereabouts unknown) when the burn-in starts"),
       &Route::initial_absconded},
      {choice("agreement", "none", {"none", "non_binding", "binding"}, "WODC 2022 (docs/sources.md#S-wodc-2022)",
              "bilateral readmission arrangement of this pair"),
       &Route::agreement},
      {number("relations", kShare, 0.5, 0, 1, "working relations: WODC 2022 (docs/sources.md#S-wodc-2022)",
              "quality of working relations with the origin's authorities"),
       &Route::relations},
  };
  return fields;
}

const std::vector<Field<Behaviour>>& behaviour_fields() {
  // Rates are hazards per month (continuous time); a month's competing events are combined as
  // 1 - exp(-sum of hazards), split in proportion, so any allowed values give probabilities in [0, 1].
  static const std::vector<Field<Behaviour>> fields = {
      {number("asylum_decision_months", "months", 6, 0.01, 120, "assumption",
              "mean time from application to first decision (decision hazard 1 / this)"),
       &Behaviour::asylum_decision_months},
      {number("voluntary_departure_rate", kPerMonth, 0.012, 0, 50, "DT&V departures (docs/sources.md#S-dtv)",
              "hazard of voluntary departure without forced-return pressure"),
       &Behaviour::voluntary_departure_rate},
      {number("stick_behind_the_door", "relative", 1.5, 0, 100,
              "Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "relative rise of voluntary departure when forced return is fully credible"),
       &Behaviour::stick_behind_the_door},
      {number("credibility_reference_hazard", kPerMonth, 0.03, 1e-6, 1, "assumption",
              "monthly forced-removal hazard on a route at which forced return counts as fully "
              "credible"),
       &Behaviour::credibility_reference_hazard},
      {number("support_effect_per_1000_eur", "relative per 1000 EUR", 0.02, 0, 5,
              "Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "relative rise of voluntary departure per 1000 EUR of reintegration support"),
       &Behaviour::support_effect_per_1000_eur},
      {number("support_pull_per_1000_eur", "relative per 1000 EUR", 0.005, 0, 5,
              "Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "relative rise of arrivals (asylum applications, irregular stay) per 1000 EUR of support "
              "(pull effect)"),
       &Behaviour::support_pull_per_1000_eur},
      {number("abscond_rate", kPerMonth, 0.03, 0, 50, "DT&V, absconding 50-60% (docs/sources.md#S-dtv)",
              "hazard of absconding at zero enforcement"),
       &Behaviour::abscond_rate},
      {number("enforcement_abscond_effect", kShare, 0.5, 0, 1, "assumption",
              "share of absconding prevented at full enforcement"),
       &Behaviour::enforcement_abscond_effect},
      {number("subsequent_application_rate", kPerMonth, 0.008, 0, 50,
              "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "hazard of lodging a subsequent application (suspends removal)"),
       &Behaviour::subsequent_application_rate},
      {number("subsequent_decision_months", "months", 4, 0.01, 120, "assumption",
              "mean time to decide a subsequent application (decision hazard 1 / this)"),
       &Behaviour::subsequent_decision_months},
      {number("subsequent_recognition_rate", kShare, 0.05, 0, 1, "assumption",
              "share of subsequent applications granted"),
       &Behaviour::subsequent_recognition_rate},
      {number("non_cooperation_share", kShare, 0.4, 0, 1, "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "share of people who do not cooperate with nationality determination"),
       &Behaviour::non_cooperation_share},
      {number("non_cooperation_factor", "relative", 0.3, 0, 1,
              "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "identification probability of a non-cooperating person relative to a cooperating one"),
       &Behaviour::non_cooperation_factor},
      {number("undocumented_factor", "relative", 0.5, 0, 1, "Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "identification probability of a person without documents relative to a documented one"),
       &Behaviour::undocumented_factor},
      {integer("request_expiry_months", "months", 12, 1, 240,
               "NL 2014-2018, withdrawn after a year (docs/sources.md#S-nl-other)",
               "an unanswered identification request is withdrawn after this many months"),
       &Behaviour::request_expiry_months},
      {integer("request_retry_months", "months", 12, 0, 240,
               "assumption (NL 2014-2018: 2,310 requests refused, 8,020 withdrawn; docs/sources.md#S-nl-other)",
               "months after a refused or withdrawn identification request before casework submits the case "
               "again"),
       &Behaviour::request_retry_months},
      {number("casework_priority", "exponent", 2, 0, 10, "assumption (return services take up first the cases with a prospect)",
              "how casework capacity is shared among cases: in proportion to their chance of success raised to "
              "this power (0: at random; 1: in proportion; higher: the best chances first)"),
       &Behaviour::casework_priority},
      {number("removal_failure_at_liberty", kShare, 0.6, 0, 1,
              "NL 2018: 2,410 failed vs 1,760 successful removals, 58% failed (docs/sources.md#S-nl-other)",
              "share of removal attempts that fail for a person who is not detained (no-show, resistance, "
              "refusal at arrival); the slot is used, the person keeps the travel document"),
       &Behaviour::removal_failure_at_liberty},
      {number("removal_failure_detained", kShare, 0.2, 0, 1, "assumption (no no-show from detention)",
              "share of removal attempts that fail for a detained person (resistance, refusal at arrival)"),
       &Behaviour::removal_failure_detained},
      {number("secondary_movement_rate", kPerMonth, 0.02, 0, 50, "assumption",
              "hazard that an absconded person moves to another member state"),
       &Behaviour::secondary_movement_rate},
      {number("apprehension_rate", kPerMonth, 0.01, 0, 50, "assumption",
              "hazard that an absconded person is apprehended; a new order to leave is issued and the case "
              "re-enters the caseload"),
       &Behaviour::apprehension_rate},
      {number("onward_departure_rate", kPerMonth, 0.03, 0, 50,
              "DT&V \"departure with unknown destination\" (docs/sources.md#S-dtv); assumption for the size",
              "hazard that an absconded person leaves the EU unrecorded (not counted as a return)"),
       &Behaviour::onward_departure_rate},
      {number("regularisation_rate", kPerMonth, 0.002, 0, 50, "assumption",
              "hazard that an absconded person obtains a residence right (regularisation)"),
       &Behaviour::regularisation_rate},
      {number("remigration_rate", kPerMonth, 0.004, 0, 50,
              "sustainability: Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "hazard that a voluntarily returned person migrates again, within remigration_window_months"),
       &Behaviour::remigration_rate},
      {integer("remigration_window_months", "months", 24, 0, 240,
               "assumption (sustainable reintegration: Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06))",
               "months after a return during which a person may migrate again; after it they count as settled"),
       &Behaviour::remigration_window_months},
      {number("forced_remigration_factor", "relative", 2.0, 0, 100, "assumption",
              "re-migration hazard after forced return relative to voluntary return"),
       &Behaviour::forced_remigration_factor},
      {number("reintegration_effect_per_1000_eur", "relative per 1000 EUR", 0.1, 0, 1,
              "Kamerstuk 22112-3130 (docs/sources.md#S-nl-letter-2021-06)",
              "relative fall of re-migration per 1000 EUR of reintegration support"),
       &Behaviour::reintegration_effect_per_1000_eur},
  };
  return fields;
}

const std::vector<Field<CooperationParams>>& cooperation_fields() {
  static const std::vector<Field<CooperationParams>> fields = {
      {number("binding_agreement_effect", kLogOdds, 1.0, 0, 10, "WODC 2022: +5-10 pp (docs/sources.md#S-wodc-2022)",
              "rise of a pair's cooperation under a binding bilateral agreement"),
       &CooperationParams::binding_agreement_effect},
      {number("non_binding_agreement_effect", kLogOdds, 0.05, 0, 10,
              "WODC 2022: no demonstrable effect (docs/sources.md#S-wodc-2022)",
              "rise of a pair's cooperation under a non-binding bilateral arrangement"),
       &CooperationParams::non_binding_agreement_effect},
      {number("eura_effect", kLogOdds, 0.1, 0, 10,
              "ECA 17/2021 (docs/sources.md#S-eca-17-2021); WODC 2022: no demonstrable effect "
              "(docs/sources.md#S-wodc-2022)",
              "rise of every pair's cooperation under an EU readmission agreement"),
       &CooperationParams::eura_effect},
      {number("informal_effect", kLogOdds, 0.05, 0, 10,
              "ECA 17/2021 via NL letter Oct 2021 (docs/sources.md#S-nl-letter-2021-10)",
              "rise of every pair's cooperation under an informal EU arrangement"),
       &CooperationParams::informal_effect},
      {number("relations_effect", kLogOdds, 1.0, 0, 10, "working relations: WODC 2022 (docs/sources.md#S-wodc-2022)",
              "shift of a pair's cooperation per unit of relations above 0.5"),
       &CooperationParams::relations_effect},
      {number("laissez_passer_rate", kPerMonth, 0.8, 0, 1, "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "monthly probability that an identified person gets a travel document, at full "
              "cooperation (scaled by the pair's cooperation)"),
       &CooperationParams::laissez_passer_rate},
      {number("inertia_months", "months", 12, 1, 600,
              "Gambia 2021-2023: 12-24 months to visible improvement (docs/sources.md#S-council-gm-2022)",
              "time constant of the move toward the target: each month cooperation closes 1/inertia "
              "of the gap"),
       &CooperationParams::inertia_months},
      {number("noise_sd", "cooperation points per month", 0.01, 0, 0.5,
              "sliding scale: Kamerstuk 29344-155 (docs/sources.md#S-nl-letter-2024-01)",
              "standard deviation of the origin-wide monthly shock to cooperation at cooperation 0.5 (scaled by "
              "2 sqrt(c (1 - c)), so that it fades toward 0 and 1)"),
       &CooperationParams::noise_sd},
      {number("lever_effect", kLogOdds, 1.0, 0, 10,
              "assumption (the direction only: docs/sources.md#S-nl-letter-2021-10, "
              "docs/sources.md#S-nl-letter-2021-03, docs/sources.md#S-nl-letter-2024-01)",
              "target shift per unit of actor weight x intensity x the origin's sensitivity"),
       &CooperationParams::lever_effect},
      {number("reactance_effect", kLogOdds, 1.0, 0, 10, "assumption (coercion can backfire)",
              "target loss per unit of actor weight x coercion intensity x the origin's reactance"),
       &CooperationParams::reactance_effect},
      {number("domestic_cost_effect", kLogOdds, 1.0, 0, 10,
              "NL letter Oct 2022 (docs/sources.md#S-nl-letter-2022-10); assumption for the size",
              "target loss at full forced-return pressure (smoothed forced returns / id_capacity = 1) "
              "for an origin with domestic_cost 1"),
       &CooperationParams::domestic_cost_effect},
      {number("eu_weight", "weight", 1.0, 0, 10,
              "EU acting together weighs more: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "weight of a measure taken by the EU as a whole"),
       &CooperationParams::eu_weight},
  };
  return fields;
}

const std::vector<Field<Costs>>& costs_fields() {
  static const std::vector<Field<Costs>> fields = {
      {number("forced_return_eur", "EUR per return", 3400, 0, 1e7, "press, secondary (docs/sources.md#S-press-costs)",
              "cost of one forced removal (escort, transport)"),
       &Costs::forced_return_eur},
      {number("failed_removal_eur", "EUR per attempt", 500, 0, 1e7, "assumption (escort time and a ticket lost)",
              "cost of one failed removal attempt"),
       &Costs::failed_removal_eur},
      {number("voluntary_return_eur", "EUR per return", 560, 0, 1e7, "press, secondary (docs/sources.md#S-press-costs)",
              "cost of organising one voluntary return, before reintegration support"),
       &Costs::voluntary_return_eur},
      {number("detention_eur_per_month", "EUR per person-month", 3000, 0, 1e7,
              "assumption (about EUR 100 a day; no published figure used)", "cost of one month of detention"),
       &Costs::detention_eur_per_month},
      {number("casework_eur_per_case", "EUR per case", 100, 0, 1e7, "assumption",
              "cost of taking up one return case (identification request)"),
       &Costs::casework_eur_per_case},
      {number("partnership_eur_per_month", "EUR per month", 15e6, 0, 1e10,
              "assumption (order of the EU's migration partnership packages: Tunisia 2023, EUR 105 million for "
              "migration plus 150 million budget support; Mauritania 2024, EUR 210 million; press)",
              "cost of a partnership (aid, trade and visas together) at intensity 1 by the EU, per month in force; a "
              "measure costs actor weight x intensity x this"),
       &Costs::partnership_eur_per_month},
      {number("development_aid_eur_per_month", "EUR per month", 10e6, 0, 1e10,
              "assumption (NDICI bilateral allocations of tens of millions a year per country)",
              "cost of development aid offered as a lever at intensity 1 by the EU, per month in force"),
       &Costs::development_aid_eur_per_month},
      {number("trade_preferences_eur_per_month", "EUR per month", 5e6, 0, 1e10,
              "assumption (tariff revenue forgone under GSP+ preferences)",
              "cost of trade preferences offered as a lever at intensity 1 by the EU, per month in force"),
       &Costs::trade_preferences_eur_per_month},
      {number("visa_facilitation_eur_per_month", "EUR per month", 0.5e6, 0, 1e10,
              "assumption (consular capacity and fee waivers)",
              "cost of positive visa measures at intensity 1 by the EU, per month in force (incentives of kind visa "
              "above 0, Art. 25a positive measures)"),
       &Costs::visa_facilitation_eur_per_month},
  };
  return fields;
}

const std::vector<Field<OriginCountry>>& eu_agreement_fields() {
  static const std::vector<Field<OriginCountry>> fields = {
      {required(choice("kind", "none", {"none", "informal", "eura"},
                       "ECA 17/2021 (docs/sources.md#S-eca-17-2021); WODC 2022 (docs/sources.md#S-wodc-2022)",
                       "EU-level readmission arrangement with the origin; origins not listed have none")),
       &OriginCountry::eu_agreement},
      {boolean("tcn_clause", false, "ECA 17/2021 via NL letter Oct 2021 (docs/sources.md#S-nl-letter-2021-10)",
               "third-country-national clause: transit migrants can be returned to this origin"),
       &OriginCountry::tcn_clause},
      {integer("start_month", "month", 0, 0, 1200, "-", "month the arrangement starts; 0: already in force"),
       &OriginCountry::eu_agreement_start_month},
  };
  return fields;
}

// (the instrument costs are appended to costs_fields below)
const std::vector<Field<VisaLeverage>>& visa_leverage_fields() {
  static const std::vector<Field<VisaLeverage>> fields = {
      {boolean("enabled", false,
               "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "run the Art. 25a assessment cycle"), &VisaLeverage::enabled},
      {integer("assessment_interval_months", "months", 12, 1, 120,
               "annual assessment: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "months between assessments"),
       &VisaLeverage::assessment_interval_months},
      {integer("first_assessment_month", "months", 12, 1, 1200,
               "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "months of recorded data before the first assessment (it is made at the end of month "
               "first_assessment_month - 1)"),
       &VisaLeverage::first_assessment_month},
      {integer("window_months", "months", 12, 1, 120,
               "annual figures: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "the rolling window of recorded months an assessment reads (the latest ones)"),
       &VisaLeverage::window_months},
      {number("thresholds.good", kShare, 0.5, 0, 1,
              "a third good: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "score at or above which an origin cooperates well"),
       &VisaLeverage::good_threshold},
      {number("thresholds.insufficient", kShare, 0.25, 0, 1,
              "over a third insufficient: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "score below which cooperation is insufficient"),
       &VisaLeverage::insufficient_threshold},
      {integer("max_new_proposals", "proposals", 2, 0, 1000,
               "Art. 25a 2021-2024: 6 countries proposed in four assessments (docs/sources.md#S-art25a-history)",
               "proposals the Commission makes at one assessment; insufficient origins are taken by priority "
               "(recorded orders to leave x visa_sensitivity)"),
       &VisaLeverage::max_new_proposals},
      {number("announcement_share", kShare, 0.5, 0, 1,
              "Bangladesh improved under a proposal never adopted (docs/sources.md#S-com-bd-iq-2021)",
              "share of a proposed measure's effect on cooperation that the pending proposal already has"),
       &VisaLeverage::announcement_share},
      {number("council_adoption_probability", kShare, 0.7, 0, 1,
              "proposals for Bangladesh, Iraq, Senegal pending for years (docs/sources.md#S-art25a-history)",
              "chance the Council adopts a proposal when it takes it up"),
       &VisaLeverage::council_adoption_probability},
      {integer("decision_lag_months", "months", 6, 0, 120,
               "Gambia: proposed Jul 2021, adopted Oct 2021 (docs/sources.md#S-council-gm-2021)",
               "months from a proposal to the Council's decision (and between reconsiderations)"),
       &VisaLeverage::decision_lag_months},
      {boolean("positive_measures", false,
               "lower fees, faster processing: Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
               "propose positive measures for origins assessed good"),
       &VisaLeverage::positive_measures},
      {integer("max_level", "level", 2, 1, 2, "Gambia fee 80 -> 120 EUR, Dec 2022 (docs/sources.md#S-council-gm-2022)",
               "highest restrictive level: 1 the 2021 package, 2 with the fee increase"),
       &VisaLeverage::max_level},
      {integer("sustained_assessments", "assessments", 2, 1, 20,
               "Gambia: \"substantial and sustained improvement\" before the fee repeal "
               "(docs/sources.md#S-council-gm-2022)",
               "consecutive assessments without an insufficient class before measures in force are "
               "eased by one level"),
       &VisaLeverage::sustained_assessments},
      {number("persistence_months", "months", 24, 0, 600,
              "assumption (Gambia: 2021 measures kept while cooperation stayed improved; "
              "docs/sources.md#S-council-gm-2022)",
              "time constant over which the cooperation gained under lifted measures fades (hysteresis); "
              "0: it ends with the measures"),
       &VisaLeverage::persistence_months},
      {number("restrictive_intensity", "intensity 0..1", 0.5, 0, 1,
              "Decision (EU) 2021/1781 (docs/sources.md#S-council-gm-2021)",
              "coercion of level 1: waivers suspended, processing up to 45 days, no multiple entry"),
       &VisaLeverage::restrictive_intensity},
      {number("escalated_intensity", "intensity 0..1", 1.0, 0, 1,
              "Decision (EU) 2022/2459, fee 80 -> 120 EUR (docs/sources.md#S-council-gm-2022)",
              "coercion of level 2: level 1 plus the visa fee raised to 120 EUR"),
       &VisaLeverage::escalated_intensity},
      {number("positive_intensity", "intensity 0..1", 0.3, 0, 1,
              "Kamerstuk 19637-2702 (docs/sources.md#S-nl-letter-2021-03)",
              "reward of positive measures (lower fees, faster processing, longer validity)"),
       &VisaLeverage::positive_intensity},
  };
  return fields;
}

const std::vector<Field<VisaHistoryEntry>>& visa_history_fields() {
  static const std::vector<Field<VisaHistoryEntry>> fields = {
      {required(text("origin", "", "origin country id")), &VisaHistoryEntry::origin},
      {required(text("from", "", "calendar month of the decision, YYYY-MM (before the reported horizon: month 0)")),
       &VisaHistoryEntry::from},
      {required(choice("decision", "proposed", {"proposed", "adopted", "withdrawn", "lifted"},
                       "Commission and Council acts 2021-2024 (docs/sources.md#S-art25a-history)",
                       "proposed: pending, with the announcement share of its effect; adopted: in force; "
                       "withdrawn: the pending proposal dropped; lifted: eased to `level`, the cooperation "
                       "gained fading over persistence_months")),
       &VisaHistoryEntry::decision},
      {choice("level", "restrictive", {"none", "restrictive", "escalated", "positive"},
              "Decisions (EU) 2021/1781 and 2022/2459 (docs/sources.md#S-art25a-history)",
              "the measures proposed, adopted or eased to: restrictive (the 2021 package), escalated (with "
              "the fee increase), positive, none"),
       &VisaHistoryEntry::level},
  };
  return fields;
}

const std::vector<Field<Incentive>>& incentive_fields() {
  static const std::vector<Field<Incentive>> fields = {
      {required(text("origin", "", "origin country id")), &Incentive::origin},
      {required(choice("kind", "partnership", {"partnership", "development_aid", "trade_preferences", "visa"},
                       "NDICI aid: docs/sources.md#S-nl-letter-2021-10; partnerships, GSP: Kamerstuk 29344-155 "
                       "(docs/sources.md#S-nl-letter-2024-01)",
                       "what is offered or withheld; weighted by the matching sensitivity (partnership: "
                       "mean of the three)")),
       &Incentive::kind},
      {required(number("intensity", "intensity -1..1", 0.5, -1, 1, "assumption",
                       "> 0 a reward (carrot); < 0 a sanction (stick: coercion, subject to reactance)")),
       &Incentive::intensity},
      {integer("start_month", "month", 0, 0, 1200, "-", "first month in force"), &Incentive::start_month},
      {integer("end_month", "month", -1, -1, 1200, "-", "first month no longer in force; -1: to the end"),
       &Incentive::end_month},
      {text("by", "EU", "who offers it: EU, a member state id or a coalition name"), &Incentive::by},
  };
  return fields;
}

const std::vector<Field<BilateralChange>>& bilateral_fields() {
  static const std::vector<Field<BilateralChange>> fields = {
      {required(text("member_state", "", "signatory: a member state id or a coalition name (all members)")),
       &BilateralChange::member_state},
      {required(text("origin", "", "origin country id")), &BilateralChange::origin},
      {choice("agreement", "binding", {"none", "non_binding", "binding"}, "WODC 2022 (docs/sources.md#S-wodc-2022)",
              "the arrangement from start_month on (none ends one)"),
       &BilateralChange::agreement},
      {integer("start_month", "month", 0, 0, 1200, "-", "month the arrangement takes effect"),
       &BilateralChange::start_month},
  };
  return fields;
}

const std::vector<Field<Coalition>>& coalition_fields() {
  static const std::vector<Field<Coalition>> fields = {
      {required(text("name", "", "coalition name, used in `by` and in bilateral `member_state`")),
       &Coalition::name},
  };
  return fields;
}

const std::vector<Field<Schedule>>& schedule_fields() {
  static const std::vector<Field<Schedule>> fields = {
      {required(text("name", "", "unique name; addresses the entry in overrides (schedules.NAME.factor)")),
       &Schedule::name},
      {required(choice("quantity", "asylum_applications",
                       {"asylum_applications", "irregular_apprehensions", "removal_capacity", "casework_capacity",
                        "detention_capacity", "voluntary_departure", "avrr_support_eur", "id_capacity"},
                       "Eurostat migr_eiord, migr_eirtn 2016-2024; the pandemic (docs/sources.md#S-eurostat-eirtn)",
                       "the input scaled: a route flow, a member state's capacity, voluntary departure or "
                       "support, or an origin's identification capacity")),
       &Schedule::quantity},
      {text("origin", "", "origin id the entry applies to (flows, id_capacity); empty: all"), &Schedule::origin},
      {text("member_state", "", "member state id the entry applies to (flows, state inputs); empty: all"),
       &Schedule::member_state},
      {required(text("from", "", "first calendar month in force, YYYY-MM")), &Schedule::from},
      {text("to", "", "first calendar month no longer in force, YYYY-MM; empty: to the end"), &Schedule::to},
      {required(number("factor", "relative", 1, 0, 100, "-",
                       "multiplier of the quantity while in force (entries in force together multiply)")),
       &Schedule::factor},
  };
  return fields;
}

const std::vector<Field<Sweep>>& sweep_fields() {
  static const std::vector<Field<Sweep>> fields = {
      {required(text("name", "", "short name of the sweep")), &Sweep::name},
      {required(text("base", "", "base scenario file, relative to the sweep file")), &Sweep::base_path},
      {seed_spec("sweep seed; run seeds derive from it and (sample, replication)"), &Sweep::seed},
      {integer("replications", "runs", 1, 1, 1000000, "-",
               "replications of every (policy, sampled world); the same streams for every policy"),
       &Sweep::replications},
  };
  return fields;
}

const std::vector<Field<SweepPolicy>>& sweep_policy_fields() {
  static const std::vector<Field<SweepPolicy>> fields = {
      {required(text("name", "", "policy name, unique in the sweep")), &SweepPolicy::name},
  };
  return fields;
}

const std::vector<Field<Uncertainties>>& uncertainty_fields() {
  static const std::vector<Field<Uncertainties>> fields = {
      {choice("design", "none", {"none", "grid", "lhs", "sobol", "posterior"}, "-",
              "none: the base world only; grid: full factorial; lhs: Latin hypercube; sobol: Saltelli sampling "
              "for first-order and total Sobol' indices; posterior: worlds drawn from a calibration's posterior "
              "(`file`)"),
       &Uncertainties::design},
      {integer("samples", "worlds", 1, 1, 1000000, "-",
               "lhs, posterior: number of sampled worlds; sobol: base samples N, giving N x (factors + 2) worlds"),
       &Uncertainties::samples},
      {text("file", "", "posterior: the calibration output (`returnsim calibrate`), relative to the sweep file; its "
                        "parameters are the factors, its particles drawn by weight (systematic resampling keyed by "
                        "the sweep seed)"),
       &Uncertainties::posterior_file},
      {text("fingerprint", "", "posterior: the file's calibration_fingerprint; filled in when loaded (the output "
                               "records it), and when given the file must match it"),
       &Uncertainties::posterior_fingerprint},
  };
  return fields;
}

const std::vector<Field<Factor>>& factor_fields() {
  static const std::vector<Field<Factor>> fields = {
      {required(text("path", "", "dotted path of a scenario value, e.g. origin_countries.*.visa_sensitivity")),
       &Factor::path},
      {integer("levels", "points", 3, 1, 1000, "-", "grid over a range: evenly spaced points including both ends"),
       &Factor::levels},
  };
  return fields;
}

const std::vector<Field<Calibration>>& calibration_fields() {
  static const std::vector<Field<Calibration>> fields = {
      {required(text("name", "", "short name of the calibration")), &Calibration::name},
      {required(text("base", "", "base scenario file (a history reconstruction), relative to the calibration file")),
       &Calibration::base_path},
      {seed_spec("calibration seed: the particles' draws and every run's stream derive from it"), &Calibration::seed},
      {integer("agent_scale", "people per agent", 0, 0, 1000, "-",
               "replaces the base scenario's agent_scale for the calibration's runs (0: keep it); a coarser scale "
               "is faster and noisier"),
       &Calibration::agent_scale},
  };
  return fields;
}

const std::vector<Field<CalibrationParameter>>& calibration_parameter_fields() {
  static const std::vector<Field<CalibrationParameter>> fields = {
      {required(text("path", "", "dotted path of a scenario value, as in sweep factors")), &CalibrationParameter::path},
      {choice("prior", "uniform", {"uniform", "loguniform", "normal"}, "-",
              "prior distribution on `range`: flat, flat in log (range above 0), or normal(mean, sd) truncated to "
              "the range"),
       &CalibrationParameter::prior},
      {number("mean", "the parameter's unit", 0, -kInf, kInf, "-", "normal prior: mean"), &CalibrationParameter::mean},
      {number("sd", "the parameter's unit", 0, 0, kInf, "-", "normal prior: standard deviation (above 0)"),
       &CalibrationParameter::sd},
  };
  return fields;
}

const std::vector<Field<CalibrationTarget>>& calibration_target_fields() {
  static const std::vector<Field<CalibrationTarget>> fields = {
      {required(text("name", "", "unique name of the published figure")), &CalibrationTarget::name},
      {required(text("kpi", "", "the statistic: return_rate, voluntary_share, absconded_share, returns, forced_returns, "
                                "voluntary_returns, or a per-pair series by name (orders_to_leave, ...): "
                                "docs/calibration-format.md")),
       &CalibrationTarget::statistic},
      {text("origin", "", "origin id: the figure of that origin's nationals; empty: all"), &CalibrationTarget::origin},
      {text("member_state", "", "member state id: the figure of that state; empty: all"),
       &CalibrationTarget::member_state},
      {required(number("observed", "the statistic's unit", 0, -kInf, kInf, "the published source",
                       "the published figure")),
       &CalibrationTarget::observed},
      {required(number("sd", "the statistic's unit", 1, 0, kInf, "the published source, or an assumption",
                       "its uncertainty (above 0); distances count in units of it")),
       &CalibrationTarget::sd},
      {required(text("source", "", "where the figure comes from")), &CalibrationTarget::source},
  };
  return fields;
}

const std::vector<Field<AbcMethod>>& abc_method_fields() {
  static const std::vector<Field<AbcMethod>> fields = {
      {integer("particles", "particles", 400, 10, 1000000, "Lenormand et al. 2013",
               "N: particles drawn from the prior in the first generation; alpha x N are kept"),
       &AbcMethod::particles},
      {number("alpha", kShare, 0.5, 0.05, 0.95, "Lenormand et al. 2013 (0.5)",
              "share of particles kept each generation; the tolerance is the alpha-quantile of the distances"),
       &AbcMethod::alpha},
      {number("min_acceptance", kShare, 0.02, 0, 1, "Lenormand et al. 2013 (0.01-0.05)",
              "stop when a generation accepts this share of its new particles or less"),
       &AbcMethod::min_acceptance},
      {integer("generations", "generations", 30, 1, 1000, "-", "stop after this many generations at most"),
       &AbcMethod::generations},
      {integer("max_simulations", "runs", 1000000, 10, 1e9, "-",
               "stop before a generation would take the runs over this budget"),
       &AbcMethod::max_simulations},
      {integer("replications", "runs", 1, 1, 100, "-",
               "runs per particle (independent streams), pooled before the distance"),
       &AbcMethod::replications},
  };
  return fields;
}

namespace {
template <class T>
void append_section(std::string& out, std::string_view section, const std::vector<Field<T>>& fields) {
  out += "\n## `" + std::string(section) + "`\n\n";
  out += "| key | type | unit | default | range | source | description |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const auto& field : fields) {
    const ParamSpec& s = field.spec;
    std::string type, def, range;
    char buffer[64];
    switch (s.type) {
      case ParamType::number: type = "number"; break;
      case ParamType::integer: type = "integer"; break;
      case ParamType::unsigned_integer: type = "unsigned integer"; break;
      case ParamType::boolean: type = "boolean"; break;
      case ParamType::text: type = "text"; break;
      case ParamType::choice: type = "choice"; break;
    }
    if (s.required) {
      def = "required";
    } else if (s.type == ParamType::text || s.type == ParamType::choice) {
      def = s.default_text.empty() ? "\"\"" : std::string(s.default_text);
    } else if (s.type == ParamType::boolean) {
      def = s.default_number != 0 ? "true" : "false";
    } else {
      std::snprintf(buffer, sizeof buffer, "%g", s.default_number);
      def = buffer;
    }
    if (s.type == ParamType::choice) {
      for (auto c : s.choices) range += (range.empty() ? "" : " / ") + std::string(c);
    } else if (s.type == ParamType::number || s.type == ParamType::integer) {
      std::snprintf(buffer, sizeof buffer, "[%g, %g]", s.min, s.max);
      range = buffer;
    } else {
      range = "-";
    }
    out += "| `" + std::string(s.key) + "` | " + type + " | " + std::string(s.unit) + " | " + def +
           " | " + range + " | " + std::string(s.source) + " | " + std::string(s.description) +
           " |\n";
  }
}
}  // namespace

std::string parameters_markdown() {
  std::string out =
      "# Scenario parameters\n\n"
      "Generated by `returnsim parameters` from the parameter table in "
      "`sim/scenario/parameters.cpp`; do not edit by hand.\n";
  append_section(out, "scenario", scenario_info_fields());
  append_section(out, "simulation", simulation_fields());
  append_section(out, "member_states[]", member_state_fields());
  append_section(out, "origin_countries[]", origin_country_fields());
  append_section(out, "routes[]", route_fields());
  append_section(out, "behaviour", behaviour_fields());
  append_section(out, "cooperation", cooperation_fields());
  append_section(out, "costs", costs_fields());
  append_section(out, "policies.visa_leverage", visa_leverage_fields());
  append_section(out, "policies.visa_history[]", visa_history_fields());
  append_section(out, "policies.incentives[]", incentive_fields());
  append_section(out, "policies.bilateral[]", bilateral_fields());
  append_section(out, "policies.coalitions[]", coalition_fields());
  out += "| `members` | list of member state ids | - | required | - | Benelux: Kamerstuk 29344-155 "
         "(docs/sources.md#S-nl-letter-2024-01) | the coalition's "
         "members (at least two) |\n";
  append_section(out, "schedules[]", schedule_fields());
  append_section(out, "eu.agreements.<origin id>", eu_agreement_fields());
  out += "\nA bare kind (`GM: eura`) is shorthand for `{kind: eura}`.\n";
  out += "\n# Sweep files\n\nSee docs/sweeps.md.\n";
  append_section(out, "sweep", sweep_fields());
  append_section(out, "policies[]", sweep_policy_fields());
  out += "| `set` | map dotted path -> value | - | {} | - | - | overrides of the base scenario for this policy |\n";
  append_section(out, "uncertainties", uncertainty_fields());
  append_section(out, "uncertainties.factors[]", factor_fields());
  out += "| `range` | [low, high] | - | - | low < high | - | a continuous factor |\n"
         "| `values` | list of numbers | - | - | - | - | a discrete factor (give range or values) |\n";
  out += "\n# Calibration files\n\nSee docs/calibration-format.md.\n";
  append_section(out, "calibration", calibration_fields());
  out += "| `set` | map dotted path -> value | - | {} | - | - | fixed overrides of the base scenario |\n";
  append_section(out, "parameters[]", calibration_parameter_fields());
  out += "| `range` | [low, high] | - | required | low < high | - | the prior's support |\n";
  append_section(out, "targets[], held_out[]", calibration_target_fields());
  out += "| `months` | [first, last] | reported months | required | within the base's horizon | - | the window, both ends "
         "included |\n";
  append_section(out, "method", abc_method_fields());
  return out;
}

}  // namespace returnsim::scenario
