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
ParamSpec required(ParamSpec s) {
  s.required = true;
  return s;
}

constexpr std::string_view kShare = "share 0..1";
constexpr std::string_view kPerMonth = "per month";
constexpr std::string_view kPeoplePerMonth = "people per month";

}  // namespace

const std::vector<Field<ScenarioInfo>>& scenario_info_fields() {
  static const std::vector<Field<ScenarioInfo>> fields = {
      {required(text("name", "", "short name of the scenario")), &ScenarioInfo::name},
      {text("description", "", "what the scenario represents"), &ScenarioInfo::description},
  };
  return fields;
}

const std::vector<Field<SimulationSettings>>& simulation_fields() {
  static const std::vector<Field<SimulationSettings>> fields = [] {
    std::vector<Field<SimulationSettings>> f = {
        {integer("months", "months", 60, 1, 1200, "-", "simulated horizon"),
         &SimulationSettings::months},
        {text("start", "2025-01", "calendar month of month 0, YYYY-MM"), &SimulationSettings::start},
        {integer("replications", "runs", 10, 1, 1000000, "-",
                 "replications with independent random streams"),
         &SimulationSettings::replications},
        {integer("agent_scale", "people per agent", 1, 1, 1000, "-",
                 "people represented by one migrant agent"),
         &SimulationSettings::agent_scale},
    };
    ParamSpec seed = number("seed", "-", 1, 0, 1.8446744073709552e19, "-",
                            "base seed; run seeds derive from it and the run index");
    seed.type = ParamType::unsigned_integer;
    f.insert(f.begin() + 2, {seed, &SimulationSettings::seed});
    return f;
  }();
  return fields;
}

const std::vector<Field<MemberState>>& member_state_fields() {
  static const std::vector<Field<MemberState>> fields = {
      {required(text("id", "", "unique id (ISO code)")), &MemberState::id},
      {required(text("name", "", "display name")), &MemberState::name},
      {number("removal_capacity", kPeoplePerMonth, 100, 0, 1e7, "FACTS.md NL DT&V forced departures",
              "forced removals the state can carry out per month"),
       &MemberState::removal_capacity},
      {number("detention_capacity", "people", 200, 0, 1e7, "assumption",
              "detention places for people awaiting removal"),
       &MemberState::detention_capacity},
      {integer("detention_max_months", "months", 18, 0, 240,
               "FACTS.md Return Directive art. 15 (6 + 12 months)",
               "legal maximum detention; the detainee is released after it"),
       &MemberState::detention_max_months},
      {number("casework_capacity", kPeoplePerMonth, 500, 0, 1e7, "assumption",
              "return cases taken up per month (identification requests sent)"),
       &MemberState::casework_capacity},
      {number("avrr_support_eur", "EUR per voluntary return", 1500, 0, 1e6, "seed 004",
              "reintegration support given with an assisted voluntary return"),
       &MemberState::avrr_support_eur},
      {number("enforcement", kShare, 0.5, 0, 1, "seed 003",
              "intensity of supervision; lowers absconding"),
       &MemberState::enforcement},
      {number("registration.order_overcount", kShare, 0.0, 0, 10, "seed 002 (WODC)",
              "share by which recorded orders to leave exceed true ones"),
       &MemberState::order_overcount},
      {number("registration.return_undercount", kShare, 0.0, 0, 1, "seed 002 (WODC)",
              "share of true returns missing from the recorded returns"),
       &MemberState::return_undercount},
  };
  return fields;
}

const std::vector<Field<OriginCountry>>& origin_country_fields() {
  static const std::vector<Field<OriginCountry>> fields = {
      {required(text("id", "", "unique id (ISO code)")), &OriginCountry::id},
      {required(text("name", "", "display name")), &OriginCountry::name},
      {boolean("visa_required", true, "seed 001", "nationals need a Schengen visa (Art. 25a applies)"),
       &OriginCountry::visa_required},
      {boolean("safe_return", true, "seed 003", "false: no forced return (risk of serious harm)"),
       &OriginCountry::safe_return},
      {boolean("diplomatic_relations", true, "seed 003", "false: no forced return possible"),
       &OriginCountry::diplomatic_relations},
      {number("cooperation", kShare, 0.5, 0, 1, "seed 003 (sliding scale)",
              "baseline propensity to answer identification requests and issue documents"),
       &OriginCountry::cooperation},
      {number("id_capacity", kPeoplePerMonth, 200, 0, 1e7, "seed 001 (bottleneck)",
              "identification requests the origin answers per month, all states together"),
       &OriginCountry::id_capacity},
      {number("visa_sensitivity", kShare, 0.5, 0, 1, "seed 001", "weight of visa measures"),
       &OriginCountry::visa_sensitivity},
      {number("aid_sensitivity", kShare, 0.3, 0, 1, "seed 000", "weight of development aid"),
       &OriginCountry::aid_sensitivity},
      {number("trade_sensitivity", kShare, 0.2, 0, 1, "seed 003 (GSP)",
              "weight of trade preferences"),
       &OriginCountry::trade_sensitivity},
      {number("domestic_cost", kShare, 0.3, 0, 1, "seed 002",
              "domestic political cost of accepting forced returns"),
       &OriginCountry::domestic_cost},
      {number("reactance", kShare, 0.1, 0, 1, "assumption", "tendency of coercion to backfire"),
       &OriginCountry::reactance},
      {number("documented_share", kShare, 0.3, 0, 1, "seed 003",
              "share of nationals who hold identity documents"),
       &OriginCountry::documented_share},
  };
  return fields;
}

const std::vector<Field<Route>>& route_fields() {
  static const std::vector<Field<Route>> fields = [] {
    std::vector<Field<Route>> f = {
        {required(text("origin", "", "origin country id")), &Route::origin},
        {required(text("member_state", "", "member state id")), &Route::member_state},
        {number("asylum_applications", kPeoplePerMonth, 0, 0, 1e6, "FACTS.md (Eurostat)",
                "first asylum applications on this route"),
         &Route::asylum_applications},
        {number("recognition_rate", kShare, 0.3, 0, 1, "FACTS.md (Eurostat)",
                "share of asylum decisions that grant protection"),
         &Route::recognition_rate},
        {number("initial_stock", "people", 0, 0, 1e8, "FACTS.md (Eurostat)",
                "people holding an order to leave at month 0"),
         &Route::initial_stock},
        {number("relations", kShare, 0.5, 0, 1, "seed 002 (working relations)",
                "quality of working relations with the origin's authorities"),
         &Route::relations},
    };
    ParamSpec agreement;
    agreement.key = "agreement";
    agreement.type = ParamType::choice;
    agreement.unit = "choice";
    agreement.default_text = "none";
    agreement.choices = {"none", "non_binding", "binding"};
    agreement.source = "seed 002 (WODC)";
    agreement.description = "bilateral readmission arrangement of this pair";
    f.insert(f.begin() + 5, {agreement, &Route::agreement});
    return f;
  }();
  return fields;
}

const std::vector<Field<Behaviour>>& behaviour_fields() {
  static const std::vector<Field<Behaviour>> fields = {
      {number("asylum_decision_months", "months", 6, 0.5, 120, "assumption",
              "mean time from application to first decision"),
       &Behaviour::asylum_decision_months},
      {number("voluntary_departure_rate", kPerMonth, 0.012, 0, 1, "FACTS.md NL DT&V",
              "monthly hazard of voluntary departure without forced-return pressure"),
       &Behaviour::voluntary_departure_rate},
      {number("stick_behind_the_door", "relative", 1.5, 0, 20, "seed 004",
              "relative rise of voluntary departure when forced return is fully credible"),
       &Behaviour::stick_behind_the_door},
      {number("credibility_reference_hazard", kPerMonth, 0.03, 1e-6, 1, "assumption",
              "monthly forced-removal hazard on a route at which forced return counts as fully "
              "credible"),
       &Behaviour::credibility_reference_hazard},
      {number("support_effect_per_1000_eur", "relative per 1000 EUR", 0.02, 0, 5, "seed 004",
              "relative rise of voluntary departure per 1000 EUR of reintegration support"),
       &Behaviour::support_effect_per_1000_eur},
      {number("support_pull_per_1000_eur", "relative per 1000 EUR", 0.005, 0, 5, "seed 004",
              "relative rise of asylum applications per 1000 EUR of support (pull effect)"),
       &Behaviour::support_pull_per_1000_eur},
      {number("abscond_rate", kPerMonth, 0.03, 0, 1, "FACTS.md NL DT&V (absconding 50-60%)",
              "monthly hazard of absconding at zero enforcement"),
       &Behaviour::abscond_rate},
      {number("enforcement_abscond_effect", kShare, 0.5, 0, 1, "assumption",
              "share of absconding prevented at full enforcement"),
       &Behaviour::enforcement_abscond_effect},
      {number("subsequent_application_rate", kPerMonth, 0.008, 0, 1, "seed 003",
              "monthly hazard of lodging a subsequent application (suspends removal)"),
       &Behaviour::subsequent_application_rate},
      {number("subsequent_decision_months", "months", 4, 0.5, 120, "assumption",
              "mean time to decide a subsequent application"),
       &Behaviour::subsequent_decision_months},
      {number("subsequent_recognition_rate", kShare, 0.05, 0, 1, "assumption",
              "share of subsequent applications granted"),
       &Behaviour::subsequent_recognition_rate},
      {number("non_cooperation_share", kShare, 0.4, 0, 1, "seed 003",
              "share of people who do not cooperate with nationality determination"),
       &Behaviour::non_cooperation_share},
      {number("non_cooperation_factor", "relative", 0.3, 0, 1, "seed 003",
              "identification probability of a non-cooperating person relative to a cooperating one"),
       &Behaviour::non_cooperation_factor},
      {number("undocumented_factor", "relative", 0.5, 0, 1, "seed 003",
              "identification probability of a person without documents relative to a documented one"),
       &Behaviour::undocumented_factor},
      {integer("request_expiry_months", "months", 12, 1, 240, "FACTS.md NL 2014-2018 (withdrawn after a year)",
               "an unanswered identification request is withdrawn after this many months"),
       &Behaviour::request_expiry_months},
      {number("secondary_movement_rate", kPerMonth, 0.02, 0, 1, "assumption",
              "monthly hazard that an absconded person moves to another member state"),
       &Behaviour::secondary_movement_rate},
      {number("apprehension_rate", kPerMonth, 0.01, 0, 1, "assumption",
              "monthly hazard that an absconded person is found and re-enters the return caseload"),
       &Behaviour::apprehension_rate},
      {number("remigration_rate", kPerMonth, 0.004, 0, 1, "seed 004 (sustainability)",
              "monthly hazard that a voluntarily returned person migrates again"),
       &Behaviour::remigration_rate},
      {number("forced_remigration_factor", "relative", 2.0, 0, 100, "assumption",
              "re-migration hazard after forced return relative to voluntary return"),
       &Behaviour::forced_remigration_factor},
      {number("reintegration_effect_per_1000_eur", "relative per 1000 EUR", 0.1, 0, 1, "seed 004",
              "relative fall of re-migration per 1000 EUR of reintegration support"),
       &Behaviour::reintegration_effect_per_1000_eur},
  };
  return fields;
}

const std::vector<Field<CooperationParams>>& cooperation_fields() {
  static const std::vector<Field<CooperationParams>> fields = {
      {number("binding_agreement_effect", "cooperation points", 0.15, 0, 1, "seed 002 (WODC +5-10 pp)",
              "rise of a pair's cooperation under a binding bilateral agreement"),
       &CooperationParams::binding_agreement_effect},
      {number("non_binding_agreement_effect", "cooperation points", 0.01, 0, 1, "seed 002 (WODC)",
              "rise of a pair's cooperation under a non-binding bilateral arrangement"),
       &CooperationParams::non_binding_agreement_effect},
      {number("eura_effect", "cooperation points", 0.02, 0, 1, "seed 000, seed 002",
              "rise of every pair's cooperation under an EU readmission agreement"),
       &CooperationParams::eura_effect},
      {number("informal_effect", "cooperation points", 0.01, 0, 1, "seed 000",
              "rise of every pair's cooperation under an informal EU arrangement"),
       &CooperationParams::informal_effect},
      {number("relations_effect", "cooperation points", 0.1, 0, 1, "seed 002 (working relations)",
              "shift of a pair's cooperation per unit of relations above 0.5"),
       &CooperationParams::relations_effect},
      {number("laissez_passer_rate", kPerMonth, 0.8, 0, 1, "seed 001",
              "monthly probability that an identified person gets a travel document, at full "
              "cooperation (scaled by the pair's cooperation)"),
       &CooperationParams::laissez_passer_rate},
  };
  return fields;
}

const std::vector<Field<Costs>>& costs_fields() {
  static const std::vector<Field<Costs>> fields = {
      {number("forced_return_eur", "EUR per return", 3400, 0, 1e7, "FACTS.md cost per return (secondary)",
              "cost of one forced removal (escort, transport)"),
       &Costs::forced_return_eur},
      {number("voluntary_return_eur", "EUR per return", 560, 0, 1e7, "FACTS.md cost per return (secondary)",
              "cost of organising one voluntary return, before reintegration support"),
       &Costs::voluntary_return_eur},
      {number("detention_eur_per_month", "EUR per person-month", 4500, 0, 1e7, "assumption",
              "cost of one month of detention"),
       &Costs::detention_eur_per_month},
      {number("casework_eur_per_case", "EUR per case", 250, 0, 1e7, "assumption",
              "cost of taking up one return case (identification request)"),
       &Costs::casework_eur_per_case},
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
  out += "\n## `eu`\n\n| key | type | description |\n|---|---|---|\n"
         "| `agreements` | map origin id -> none / informal / eura | EU-level readmission "
         "arrangement with each origin (seed 000); origins not listed have none |\n";
  return out;
}

}  // namespace returnsim::scenario
