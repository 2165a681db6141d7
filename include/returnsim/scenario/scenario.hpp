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
  development_aid = 1,    ///< aid_sensitivity (NDICI: docs/sources.md#S-nl-letter-2021-10)
  trade_preferences = 2,  ///< trade_sensitivity (GSP: docs/sources.md#S-nl-letter-2024-01)
  visa = 3,               ///< visa_sensitivity (facilitation or restriction by one actor)
};

struct ScenarioInfo {
  std::string name;
  std::string description;
};

// Every field below that the parameter table (scenario/parameters.hpp) describes gets its default
// from that table when the loader fills it; the `{}` here is only a neutral zero, never a second
// default.

struct SimulationSettings {
  int months{};                  ///< reported horizon, months (month 0 = `start`)
  int burn_in_months{};          ///< months simulated before month 0 and not reported (spin-up)
  std::string start;             ///< first reported month, "YYYY-MM"
  std::uint64_t seed{};          ///< base seed of the replications
  int replications{};            ///< runs with different random streams
  int agent_scale{};             ///< people represented by one migrant agent
};

struct MemberState {
  std::string id;
  std::string name;
  double removal_capacity{};      ///< removal attempts (escort and seat) per month, people
  double detention_capacity{};    ///< detention places, people
  int detention_max_months{};     ///< legal maximum detention, months
  double casework_capacity{};     ///< return cases taken up per month, people
  double avrr_support_eur{};      ///< reintegration support per voluntary return, EUR
  double enforcement{};           ///< 0..1, intensity of supervision (lowers absconding)
  double order_overcount{};       ///< share by which recorded orders exceed true ones
  double return_undercount{};     ///< share of true returns missing from the record
  double leverage_weight{};       ///< 0..1, weight of the state's own measures (the EU's is eu_weight)
};

struct OriginCountry {
  std::string id;
  std::string name;
  bool visa_required{};
  bool safe_return{};                ///< false: no forced return (risk of serious harm)
  bool diplomatic_relations{};       ///< false: no forced return possible
  double cooperation{};              ///< baseline propensity to cooperate, 0..1
  double id_capacity{};              ///< identification requests answered per month, people
  double visa_sensitivity{};         ///< 0..1, visa dependence
  double aid_sensitivity{};          ///< 0..1
  double trade_sensitivity{};        ///< 0..1
  double domestic_cost{};            ///< 0..1, political cost of accepting forced returns
  double reactance{};                ///< 0..1, tendency of coercion to backfire
  double documented_share{};         ///< share of nationals holding identity documents, 0..1
  std::string transit_country;       ///< id of the main transit country ("" none)
  double transit_share{};            ///< share of nationals returnable to the transit country, 0..1
  // From eu.agreements:
  EuAgreement eu_agreement = EuAgreement::none;
  int eu_agreement_start_month{};    ///< month the EU arrangement starts (0: already in force)
  bool tcn_clause{};                 ///< third-country-national clause (transit migrants returnable here)
  std::ptrdiff_t transit_index = -1; ///< index of transit_country, -1 none
  /// Forced return is possible at all (safe_return and diplomatic relations;
  /// docs/sources.md#S-nl-letter-2024-01).
  [[nodiscard]] bool forced_return_possible() const noexcept { return safe_return && diplomatic_relations; }
};

struct Route {
  std::string origin;                ///< origin country id
  std::string member_state;          ///< member state id
  double asylum_applications{};      ///< first asylum applications per month, people
  double irregular_apprehensions{};  ///< people per month found in irregular stay without a claim and ordered to leave
  double recognition_rate{};         ///< share of asylum decisions granting protection, 0..1
  double initial_stock{};            ///< people holding an order to leave at the start of the burn-in
  double initial_absconded{};        ///< people absconded (irregular stay) at the start of the burn-in
  BilateralAgreement agreement = BilateralAgreement::none;
  double relations{};                ///< quality of working relations, 0..1
  std::size_t origin_index = 0;      ///< index into Scenario::origin_countries
  std::size_t member_state_index = 0;  ///< index into Scenario::member_states
};

/// Migrant decision parameters. Rates are hazards per month of continuous time: competing events
/// of a month are combined as probabilities 1 - exp(-sum of hazards), split in proportion.
struct Behaviour {
  double asylum_decision_months{};
  double voluntary_departure_rate{};
  double stick_behind_the_door{};
  double credibility_reference_hazard{};
  double support_effect_per_1000_eur{};
  double support_pull_per_1000_eur{};
  double abscond_rate{};
  double enforcement_abscond_effect{};
  double subsequent_application_rate{};
  double subsequent_decision_months{};
  double subsequent_recognition_rate{};
  double non_cooperation_share{};
  double non_cooperation_factor{};
  double undocumented_factor{};
  int request_expiry_months{};
  int request_retry_months{};
  double casework_priority{};
  double removal_failure_at_liberty{};
  double removal_failure_detained{};
  double secondary_movement_rate{};
  double apprehension_rate{};
  double onward_departure_rate{};
  double regularisation_rate{};
  double remigration_rate{};
  int remigration_window_months{};
  double forced_remigration_factor{};
  double reintegration_effect_per_1000_eur{};
};

/// Origin-country cooperation parameters: the target's terms and the dynamics toward it.
struct CooperationParams {
  double binding_agreement_effect{};
  double non_binding_agreement_effect{};
  double eura_effect{};
  double informal_effect{};
  double relations_effect{};
  double laissez_passer_rate{};
  double inertia_months{};            ///< months to close ~63% of the gap to the target
  double noise_sd{};                  ///< cooperation points per month, origin-wide
  double lever_effect{};              ///< cooperation points per unit of weight x intensity x sensitivity
  double reactance_effect{};          ///< cooperation points lost per unit of coercion x reactance
  double domestic_cost_effect{};      ///< cooperation points lost at full forced-return pressure
  double eu_weight{};                 ///< weight of a measure taken by the EU as a whole
};

struct Costs {
  double forced_return_eur{};
  double failed_removal_eur{};
  double voluntary_return_eur{};
  double detention_eur_per_month{};
  double casework_eur_per_case{};
  // Instruments, per month in force at intensity 1 by an actor of weight 1 (the EU); a measure
  // costs weight x intensity x this (rewards only: a sanction costs nothing in money).
  double partnership_eur_per_month{};
  double development_aid_eur_per_month{};
  double trade_preferences_eur_per_month{};
  double visa_facilitation_eur_per_month{};  ///< positive visa measures (incentive kind visa > 0, Art. 25a level -1)
};

/// Who takes a measure: the EU as a whole, one member state or a coalition of them.
struct Actor {
  enum class Kind : std::uint8_t { eu, member_state, coalition };
  Kind kind = Kind::eu;
  std::size_t index = 0;  ///< into member_states or Policies::coalitions
};

/// Member states that act together (Benelux: docs/sources.md#S-nl-letter-2024-01); their weights
/// add up.
struct Coalition {
  std::string name;
  std::vector<std::string> members;            ///< member state ids
  std::vector<std::size_t> member_indices;     ///< filled by the loader
};

/// An incentive or sanction by an actor toward one origin, in force for [start_month, end_month).
struct Incentive {
  std::string origin;
  IncentiveKind kind = IncentiveKind::partnership;
  double intensity{};     ///< -1..1: > 0 a reward (carrot), < 0 a sanction (stick, coercion)
  int start_month{};
  int end_month{};        ///< -1: to the end of the run
  std::string by;         ///< "EU", a member state id or a coalition name
  std::size_t origin_index = 0;  ///< filled by the loader
  Actor actor;                   ///< filled by the loader
};

/// A bilateral readmission arrangement that takes effect at `start_month` (replacing the route's).
struct BilateralChange {
  std::string member_state;   ///< a member state id or a coalition name (all its members sign)
  std::string origin;
  BilateralAgreement agreement = BilateralAgreement::binding;
  int start_month{};
  std::size_t origin_index = 0;  ///< filled by the loader
  Actor actor;                   ///< filled by the loader (member state or coalition)
};

/// The Article 25a Visa Code cycle (docs/sources.md#S-visa-code, docs/sources.md#S-art25a-history).
struct VisaLeverage {
  bool enabled{};
  int assessment_interval_months{};
  int first_assessment_month{};      ///< months of recorded data before the first assessment
  int window_months{};               ///< the rolling window of recorded months an assessment reads
  double good_threshold{};           ///< score >= this: good
  double insufficient_threshold{};   ///< score < this: insufficient
  int max_new_proposals{};           ///< proposals the Commission makes at one assessment, by priority
  double announcement_share{};       ///< share of a measure's effect a pending proposal already has
  double council_adoption_probability{};
  int decision_lag_months{};
  bool positive_measures{};
  int max_level{};                   ///< 1: first package only; 2: fee escalation too
  int sustained_assessments{};       ///< consecutive assessments not insufficient before easing
  double persistence_months{};       ///< time constant of the cooperation that outlasts lifted measures
  double restrictive_intensity{};    ///< coercion of the level-1 package
  double escalated_intensity{};      ///< coercion at level 2
  double positive_intensity{};       ///< reward of positive measures
};

/// A scenario input that a schedule can scale over time.
enum class ScheduledQuantity : std::uint8_t {
  asylum_applications = 0,      ///< routes: first asylum applications
  irregular_apprehensions = 1,  ///< routes: first apprehensions in irregular stay
  removal_capacity = 2,         ///< member states
  casework_capacity = 3,        ///< member states
  detention_capacity = 4,       ///< member states
  voluntary_departure = 5,      ///< member states: the voluntary-departure hazard (travel possible)
  avrr_support_eur = 6,         ///< member states: reintegration support
  id_capacity = 7,              ///< origin countries
};
inline constexpr std::size_t kScheduledQuantityCount = 8;

/// A time-varying input: from `from` (inclusive) to `to` (exclusive) the quantity is multiplied by
/// `factor` for the routes, states or origins the entry names (empty: all). Entries in force at
/// the same time multiply. Schedules act in the reported horizon only, never in the burn-in.
struct Schedule {
  std::string name;                  ///< unique; addresses the entry in overrides (schedules.NAME.factor)
  ScheduledQuantity quantity = ScheduledQuantity::asylum_applications;
  std::string origin;                ///< origin id, "" all
  std::string member_state;          ///< member state id, "" all
  std::string from;                  ///< "YYYY-MM", first month in force
  std::string to;                    ///< "YYYY-MM", first month no longer in force; "" to the end
  double factor{};                   ///< multiplier, >= 0
  int from_month = 0;                ///< filled by the loader: reported month of `from` (may be < 0)
  int to_month = -1;                 ///< filled by the loader: reported month of `to`, -1 none
  std::ptrdiff_t origin_index = -1;  ///< filled by the loader, -1 all
  std::ptrdiff_t state_index = -1;   ///< filled by the loader, -1 all
};

/// A dated Art. 25a decision imposed by the scenario (a history reconstruction:
/// docs/sources.md#S-art25a-history), acting through the same state as the model's own cycle: a
/// proposal's announcement share, the measures in force, the cooperation that outlasts lifted
/// measures.
enum class VisaDecision : std::uint8_t {
  proposed = 0,   ///< the Commission proposes `level`; pending until adopted or withdrawn
  adopted = 1,    ///< the Council adopts `level`: in force from `from`
  withdrawn = 2,  ///< the pending proposal is withdrawn
  lifted = 3,     ///< measures eased to `level` (lower); the cooperation gained fades (persistence)
};
/// Art. 25a levels as a choice; in the model's state: none 0, restrictive 1, escalated 2, positive -1.
enum class VisaLevel : std::uint8_t { none = 0, restrictive = 1, escalated = 2, positive = 3 };
[[nodiscard]] std::int8_t visa_level_value(VisaLevel level) noexcept;

struct VisaHistoryEntry {
  std::string origin;
  std::string from;              ///< "YYYY-MM": the decision's month
  VisaDecision decision = VisaDecision::proposed;
  VisaLevel level = VisaLevel::restrictive;
  std::size_t origin_index = 0;  ///< filled by the loader
  int month = 0;                 ///< filled by the loader: reported month of `from` (earlier: 0)
};

struct Policies {
  VisaLeverage visa_leverage;
  std::vector<VisaHistoryEntry> visa_history;  ///< in the order they act (month, then file order)
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
  std::vector<Schedule> schedules;
};

/// Throws ModelError unless `a` and `b` describe the same graph (the same member states, origins
/// and routes in the same order), so that a run can spin up in one and report in the other.
void require_same_graph(const Scenario& a, const Scenario& b);

/// "2025-01" plus `month` months, as "YYYY-MM". `start` must be valid (the loader checks it).
[[nodiscard]] std::string month_label(const std::string& start, int month);
/// Months from `start` to `date` (both "YYYY-MM", valid): negative when `date` is earlier.
[[nodiscard]] int months_between(const std::string& start, const std::string& date);
/// True when `text` is "YYYY-MM" with a month 01..12.
[[nodiscard]] bool is_valid_start_month(const std::string& text);

}  // namespace returnsim::scenario
