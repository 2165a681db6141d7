#pragma once
/// @file
/// Everything the per-agent rules read in one month, precomputed once per month so that the hot
/// loop does no lookups into the scenario and no virtual calls.
#include <cstdint>
#include <vector>

#include "returnsim/model/migrants.hpp"
#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::model::processes {

struct MonthContext {
  const World* world = nullptr;
  std::uint64_t run_seed = 0;
  std::uint32_t month = 0;

  double asylum_decision_hazard = 0;       ///< per month, 1 / asylum_decision_months
  double subsequent_decision_hazard = 0;   ///< per month
  double subsequent_recognition_rate = 0;  ///< share
  double subsequent_application_rate = 0;  ///< per month
  double non_cooperation_share = 0;
  double non_cooperation_factor = 0;
  double undocumented_factor = 0;
  double laissez_passer_rate = 0;          ///< per month at full cooperation
  int request_expiry_months = 0;
  double secondary_movement_rate = 0;
  double apprehension_rate = 0;
  double stick_behind_the_door = 0;
  double credibility_reference_hazard = 0;

  std::vector<double> voluntary_hazard;     ///< per state: base rate x support factor
  std::vector<double> abscond_hazard;       ///< per state: abscond rate x (1 - effect x enforcement)
  std::vector<double> remigration_voluntary;  ///< per state, after reintegration support
  std::vector<double> remigration_forced;     ///< per state
  std::vector<int> detention_max_months;      ///< per state
};

/// Stream of agent `i` in this month.
[[nodiscard]] inline EntityDraws agent_draws(const MonthContext& ctx, std::size_t i) noexcept {
  return EntityDraws(ctx.run_seed, entity_id(EntitySpace::agent, i), ctx.month);
}

/// Records a return of agent `i` (status already set by the caller).
inline void count_return(const Migrants& m, std::size_t i, std::size_t pair, PairSeries series,
                         std::uint32_t month, MonthCounts& counts) {
  ++counts.at(series, pair);
  counts.months_to_return_sum += static_cast<std::int64_t>(month) - m.order_month[i];
}

}  // namespace returnsim::model::processes
