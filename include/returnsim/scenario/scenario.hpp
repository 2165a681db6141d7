#pragma once
/// @file
/// The validated, immutable description of a world and the policies in force. Knows nothing of
/// YAML: io/yaml_loader.hpp builds it, model/world.hpp turns it into a runnable world.
/// Every field's unit, default, range and source is in scenario/parameters.hpp.
#include <cstdint>
#include <string>
#include <vector>

namespace returnsim::scenario {

/// Bilateral readmission arrangement between one member state and one origin country.
enum class BilateralAgreement : std::uint8_t { none = 0, non_binding = 1, binding = 2 };
/// Arrangement between the EU as a whole and an origin country.
enum class EuAgreement : std::uint8_t { none = 0, informal = 1, eura = 2 };

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
  EuAgreement eu_agreement = EuAgreement::none;  ///< from eu.agreements
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

/// Origin-country cooperation parameters: how agreements and relations shift a pair's level.
struct CooperationParams {
  double binding_agreement_effect = 0;
  double non_binding_agreement_effect = 0;
  double eura_effect = 0;
  double informal_effect = 0;
  double relations_effect = 0;
  double laissez_passer_rate = 0;
};

struct Costs {
  double forced_return_eur = 0;
  double voluntary_return_eur = 0;
  double detention_eur_per_month = 0;
  double casework_eur_per_case = 0;
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
};

/// "2025-01" plus `month` months, as "YYYY-MM". `start` must be valid (the loader checks it).
[[nodiscard]] std::string month_label(const std::string& start, int month);
/// True when `text` is "YYYY-MM" with a month 01..12.
[[nodiscard]] bool is_valid_start_month(const std::string& text);

}  // namespace returnsim::scenario
