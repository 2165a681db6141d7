#pragma once
/// @file
/// The validated, immutable description of a world and the policies in force. Knows nothing of
/// YAML: io/yaml_loader.hpp builds it, model/world.hpp turns it into a runnable world.
/// Every field's unit, default, range and source is in scenario/parameters.hpp.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace returnsim::scenario {

/// Bilateral readmission arrangement between one member state and one origin country.
enum class BilateralAgreement : std::uint8_t { none = 0, non_binding = 1, binding = 2 };
/// Arrangement between the EU as a whole and an origin country.
enum class EuAgreement : std::uint8_t { none = 0, informal = 1, eura = 2 };
/// What an incentive offers or withholds; each is weighted by one of the origin's sensitivities.
enum class IncentiveKind : std::uint8_t {
  partnership = 0,        ///< broad partnership: mean of the visa, aid and trade sensitivities
  development_aid = 1,    ///< aid_sensitivity (seed 000: NDICI)
  trade_preferences = 2,  ///< trade_sensitivity (seed 003: GSP conditionality)
  visa = 3,               ///< visa_sensitivity (facilitation or restriction by one actor)
};

struct ScenarioInfo {
  std::string name;
  std::string description;
};

struct SimulationSettings {
  int months = 0;                ///< horizon, months
  std::string start;             ///< first month, "YYYY-MM"
  std::uint64_t seed = 0;        ///< base seed of the replications
  int replications = 0;          ///< runs with different random streams
  int agent_scale = 1;           ///< people represented by one migrant agent
};

struct MemberState {
  std::string id;
  std::string name;
  double removal_capacity = 0;      ///< forced removals per month, people
  double detention_capacity = 0;    ///< detention places, people
  int detention_max_months = 0;     ///< legal maximum detention, months
  double casework_capacity = 0;     ///< return cases taken up per month, people
  double avrr_support_eur = 0;      ///< reintegration support per voluntary return, EUR
  double enforcement = 0;           ///< 0..1, intensity of supervision (lowers absconding)
  double order_overcount = 0;       ///< share by which recorded orders exceed true ones
  double return_undercount = 0;     ///< share of true returns missing from the record
  double leverage_weight = 0;       ///< 0..1, weight of the state's own measures (the EU's is eu_weight)
};

struct OriginCountry {
  std::string id;
  std::string name;
  bool visa_required = true;
  bool safe_return = true;           ///< false: no forced return (risk of serious harm)
  bool diplomatic_relations = true;  ///< false: no forced return possible
  double cooperation = 0;            ///< baseline propensity to cooperate, 0..1
  double id_capacity = 0;            ///< identification requests answered per month, people
  double visa_sensitivity = 0;       ///< 0..1
  double aid_sensitivity = 0;        ///< 0..1
  double trade_sensitivity = 0;      ///< 0..1
  double domestic_cost = 0;          ///< 0..1, political cost of accepting forced returns
  double reactance = 0;              ///< 0..1, tendency of coercion to backfire
  double documented_share = 0;       ///< share of nationals holding identity documents, 0..1
  std::string transit_country;       ///< id of the main transit country ("" none)
  double transit_share = 0;          ///< share of nationals returnable to the transit country, 0..1
  // From eu.agreements:
  EuAgreement eu_agreement = EuAgreement::none;
  int eu_agreement_start_month = 0;  ///< month the EU arrangement starts (0: already in force)
  bool tcn_clause = false;           ///< third-country-national clause (transit migrants returnable here)
  std::ptrdiff_t transit_index = -1; ///< index of transit_country, -1 none
};

struct Route {
  std::string origin;                ///< origin country id
  std::string member_state;          ///< member state id
  double asylum_applications = 0;    ///< first applications per month, people
  double recognition_rate = 0;       ///< share of decisions granting protection, 0..1
  double initial_stock = 0;          ///< people holding an order to leave at month 0
  BilateralAgreement agreement = BilateralAgreement::none;
  double relations = 0;              ///< quality of working relations, 0..1
  std::size_t origin_index = 0;      ///< index into Scenario::origin_countries
  std::size_t member_state_index = 0;  ///< index into Scenario::member_states
};

/// Migrant decision parameters (monthly hazards unless stated otherwise).
struct Behaviour {
  double asylum_decision_months = 0;
  double voluntary_departure_rate = 0;
  double stick_behind_the_door = 0;
  double credibility_reference_hazard = 0;
  double support_effect_per_1000_eur = 0;
  double support_pull_per_1000_eur = 0;
  double abscond_rate = 0;
  double enforcement_abscond_effect = 0;
  double subsequent_application_rate = 0;
  double subsequent_decision_months = 0;
  double subsequent_recognition_rate = 0;
  double non_cooperation_share = 0;
  double non_cooperation_factor = 0;
  double undocumented_factor = 0;
  int request_expiry_months = 0;
  double secondary_movement_rate = 0;
  double apprehension_rate = 0;
  double remigration_rate = 0;
  double forced_remigration_factor = 0;
  double reintegration_effect_per_1000_eur = 0;
};

/// Origin-country cooperation parameters: the target's terms and the dynamics toward it.
struct CooperationParams {
  double binding_agreement_effect = 0;
  double non_binding_agreement_effect = 0;
  double eura_effect = 0;
  double informal_effect = 0;
  double relations_effect = 0;
  double laissez_passer_rate = 0;
  double inertia_months = 1;          ///< months to close ~63% of the gap to the target
  double noise_sd = 0;                ///< cooperation points per month, origin-wide
  double lever_effect = 0;            ///< cooperation points per unit of weight x intensity x sensitivity
  double reactance_effect = 0;        ///< cooperation points lost per unit of coercion x reactance
  double domestic_cost_effect = 0;    ///< cooperation points lost at full forced-return pressure
  double eu_weight = 0;               ///< weight of a measure taken by the EU as a whole
};

struct Costs {
  double forced_return_eur = 0;
  double voluntary_return_eur = 0;
  double detention_eur_per_month = 0;
  double casework_eur_per_case = 0;
};

/// Who takes a measure: the EU as a whole, one member state or a coalition of them.
struct Actor {
  enum class Kind : std::uint8_t { eu, member_state, coalition };
  Kind kind = Kind::eu;
  std::size_t index = 0;  ///< into member_states or Policies::coalitions
};

/// Member states that act together (seed 003: Benelux); their weights add up.
struct Coalition {
  std::string name;
  std::vector<std::string> members;            ///< member state ids
  std::vector<std::size_t> member_indices;     ///< filled by the loader
};

/// An incentive or sanction by an actor toward one origin, in force for [start_month, end_month).
struct Incentive {
  std::string origin;
  IncentiveKind kind = IncentiveKind::partnership;
  double intensity = 0;   ///< -1..1: > 0 a reward (carrot), < 0 a sanction (stick, coercion)
  int start_month = 0;
  int end_month = -1;     ///< -1: to the end of the run
  std::string by;         ///< "EU", a member state id or a coalition name
  std::size_t origin_index = 0;  ///< filled by the loader
  Actor actor;                   ///< filled by the loader
};

/// A bilateral readmission arrangement that takes effect at `start_month` (replacing the route's).
struct BilateralChange {
  std::string member_state;   ///< a member state id or a coalition name (all its members sign)
  std::string origin;
  BilateralAgreement agreement = BilateralAgreement::binding;
  int start_month = 0;
  std::size_t origin_index = 0;  ///< filled by the loader
  Actor actor;                   ///< filled by the loader (member state or coalition)
};

/// The Article 25a Visa Code cycle (seed 001; FACTS.md "Article 25a Visa Code").
struct VisaLeverage {
  bool enabled = false;
  int assessment_interval_months = 12;
  int first_assessment_month = 12;       ///< months of data before the first assessment
  double good_threshold = 0.5;           ///< score >= this: good
  double insufficient_threshold = 0.25;  ///< score < this: insufficient
  double council_adoption_probability = 0.7;
  int decision_lag_months = 6;
  bool positive_measures = false;
  int max_level = 2;                     ///< 1: first package only; 2: fee escalation too
  int sustained_assessments = 2;         ///< consecutive assessments not insufficient before easing
  double restrictive_intensity = 0.5;    ///< coercion of the level-1 package
  double escalated_intensity = 1.0;      ///< coercion at level 2
  double positive_intensity = 0.3;       ///< reward of positive measures
};

struct Policies {
  VisaLeverage visa_leverage;
  std::vector<Incentive> incentives;
  std::vector<BilateralChange> bilateral;
  std::vector<Coalition> coalitions;
};

struct Scenario {
  ScenarioInfo info;
  SimulationSettings simulation;
  std::vector<MemberState> member_states;
  std::vector<OriginCountry> origin_countries;
  std::vector<Route> routes;
  Behaviour behaviour;
  CooperationParams cooperation;
  Costs costs;
  Policies policies;
};

/// "2025-01" plus `month` months, as "YYYY-MM". `start` must be valid (the loader checks it).
[[nodiscard]] std::string month_label(const std::string& start, int month);
/// True when `text` is "YYYY-MM" with a month 01..12.
[[nodiscard]] bool is_valid_start_month(const std::string& text);

}  // namespace returnsim::scenario
