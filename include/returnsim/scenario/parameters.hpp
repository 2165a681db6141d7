#pragma once
/// @file
/// The parameter table: for every scenario key its type, unit, default, range, source and
/// description. It is the single source of truth: the YAML loader validates against it and fills
/// defaults from it, the HDF5 writer and `returnsim parameters` (which generates
/// docs/parameters.md) read it.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "returnsim/scenario/scenario.hpp"
#include "returnsim/scenario/calibration.hpp"
#include "returnsim/scenario/sweep.hpp"

namespace returnsim::scenario {

enum class ParamType : std::uint8_t { number, integer, unsigned_integer, boolean, text, choice };

struct ParamSpec {
  std::string_view key;           ///< key inside its section; dotted for nested maps
  ParamType type = ParamType::number;
  std::string_view unit;          ///< "per month", "EUR", "share 0..1", ...
  bool required = false;
  double default_number = 0;      ///< number, integer and boolean (0/1) defaults
  std::string_view default_text;  ///< text and choice defaults
  double min = 0;                 ///< inclusive range for numbers
  double max = 0;
  std::vector<std::string_view> choices;  ///< allowed values of a choice, enum order
  std::string_view source;        ///< a public source cited as docs/sources.md#ANCHOR, or "assumption"
  std::string_view description;
};

template <class T>
using FieldTarget = std::variant<double T::*, int T::*, bool T::*, std::string T::*,
                                 std::uint64_t T::*, BilateralAgreement T::*, IncentiveKind T::*, Design T::*,
                                 EuAgreement T::*, ScheduledQuantity T::*, VisaDecision T::*, VisaLevel T::*, Prior T::*>;

/// A parameter and the struct member it fills.
template <class T>
struct Field {
  ParamSpec spec;
  FieldTarget<T> target;
};

const std::vector<Field<ScenarioInfo>>& scenario_info_fields();
const std::vector<Field<SimulationSettings>>& simulation_fields();
const std::vector<Field<MemberState>>& member_state_fields();
const std::vector<Field<OriginCountry>>& origin_country_fields();
const std::vector<Field<Route>>& route_fields();
const std::vector<Field<Behaviour>>& behaviour_fields();
const std::vector<Field<CooperationParams>>& cooperation_fields();
const std::vector<Field<Costs>>& costs_fields();
/// One value of `eu.agreements` (`{kind, tcn_clause, start_month}`; a bare kind is shorthand).
const std::vector<Field<OriginCountry>>& eu_agreement_fields();
const std::vector<Field<VisaLeverage>>& visa_leverage_fields();
const std::vector<Field<VisaHistoryEntry>>& visa_history_fields();
const std::vector<Field<Incentive>>& incentive_fields();
const std::vector<Field<BilateralChange>>& bilateral_fields();
const std::vector<Field<Coalition>>& coalition_fields();  ///< `members` (a list) is read apart
const std::vector<Field<Schedule>>& schedule_fields();
// Sweep files.
const std::vector<Field<Sweep>>& sweep_fields();
const std::vector<Field<SweepPolicy>>& sweep_policy_fields();      ///< `set` (a map) is read apart
const std::vector<Field<Uncertainties>>& uncertainty_fields();
const std::vector<Field<Factor>>& factor_fields();                 ///< `range`, `values` read apart
// Calibration files.
const std::vector<Field<Calibration>>& calibration_fields();
const std::vector<Field<CalibrationParameter>>& calibration_parameter_fields();  ///< `range` read apart
const std::vector<Field<CalibrationTarget>>& calibration_target_fields();        ///< `months` read apart
const std::vector<Field<AbcMethod>>& abc_method_fields();

/// Sets every field of `object` to its table default.
template <class T>
void apply_defaults(T& object, const std::vector<Field<T>>& fields) {
  for (const auto& field : fields) {
    std::visit(
        [&](auto member) {
          using Member = std::remove_reference_t<decltype(object.*member)>;
          if constexpr (std::is_same_v<Member, std::string>) {
            object.*member = std::string(field.spec.default_text);
          } else if constexpr (std::is_enum_v<Member>) {
            std::size_t index = 0;
            for (std::size_t i = 0; i < field.spec.choices.size(); ++i) {
              if (field.spec.choices[i] == field.spec.default_text) index = i;
            }
            object.*member = static_cast<Member>(index);
          } else {
            object.*member = static_cast<Member>(field.spec.default_number);
          }
        },
        field.target);
  }
}

/// The whole table as Markdown (docs/parameters.md is generated from it).
[[nodiscard]] std::string parameters_markdown();

/// Hard limits that keep any input from exhausting memory.
inline constexpr std::size_t kMaxMemberStates = 250;    ///< member-state index fits in 8 bits
inline constexpr std::size_t kMaxOrigins = 5000;        ///< keeps dense origin x state arrays small
inline constexpr double kMaxAgents = 2.0e8;              ///< agents over a whole run
inline constexpr std::size_t kMaxPolicyItems = 100000;  ///< incentives, bilateral changes, coalitions each

}  // namespace returnsim::scenario
