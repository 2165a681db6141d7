#pragma once
/// @file
/// Statistics and costs (SPEC §5 items 8 and 10). True counts come from the processes; each member
/// state records orders and returns under its registration practice
/// (`registration.order_overcount`, `registration.return_undercount`; WODC 2022,
/// docs/sources.md#S-wodc-2022: EU return data are hard to compare), which is what the EU sees.
/// Costs per member state: removals x forced_return_eur, failed removal attempts x
/// failed_removal_eur, voluntary returns x (voluntary_return_eur + avrr_support_eur), detained
/// person-months x detention_eur_per_month, cases taken up x casework_eur_per_case (cost per
/// return: docs/sources.md#S-press-costs; the rest assumptions).
#include <vector>

#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Per member state, in people and EUR.
struct StateMonth {
  std::vector<double> cost_eur;
  std::vector<double> recorded_orders_to_leave;
  std::vector<double> recorded_returns;
};

/// Orders to leave as member state `ms` records them (registration practice:
/// docs/sources.md#S-wodc-2022).
[[nodiscard]] inline double recorded_orders(const scenario::MemberState& ms, double true_orders) noexcept {
  return true_orders * (1.0 + ms.order_overcount);
}
/// Returns as member state `ms` records them.
[[nodiscard]] inline double recorded_returns(const scenario::MemberState& ms, double true_returns) noexcept {
  return true_returns * (1.0 - ms.return_undercount);
}

/// Fills `out` from this month's counts (in agents; `agent_scale` people per agent).
void state_statistics(const World& world, const MonthCounts& counts, double agent_scale, StateMonth& out);

/// Smooths each pair's removal hazard (removals / caseload), which makes forced return credible.
/// Exponential smoothing with weight `kCredibilityWeight` on the newest month.
void update_removal_hazard(World& world, const MonthCounts& counts);
inline constexpr double kCredibilityWeight = 0.2;

}  // namespace returnsim::model::processes
