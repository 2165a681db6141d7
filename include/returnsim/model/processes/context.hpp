#pragma once
/// @file
/// Everything the per-agent rules read in one month, prepared once per month by the process that
/// owns each rule (model/month.hpp calls them), so that the hot loop does no lookups into the
/// scenario, no exponentials and no virtual calls.
#include <cstdint>
#include <vector>

#include "returnsim/model/hazards.hpp"
#include "returnsim/model/migrants.hpp"
#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/world.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::model::processes {

/// Cumulative probabilities of a person with an order to leave: voluntary departure, absconding,
/// a subsequent application (competing risks, model/hazards.hpp).
struct ChoiceOdds {
  double voluntary = 0, abscond = 0, subsequent = 0;
};

/// Cumulative probabilities of an absconded person: apprehension, onward departure out of the
/// EU, regularisation, secondary movement.
struct AbscondedOdds {
  double apprehension = 0, onward = 0, regularisation = 0, movement = 0;
};

struct MonthContext {
  const World* world = nullptr;
  std::uint64_t run_seed = 0;
  std::uint32_t draw_month = 0;  ///< simulated month, burn-in included: keys the random streams
  std::int32_t month = 0;        ///< reported month (negative in the burn-in): order months

  // Asylum (arrivals_asylum.hpp).
  double asylum_decision_probability = 0;
  double non_cooperation_share = 0;
  // Migrant choices (migrant_choices.hpp).
  std::vector<ChoiceOdds> choice;  ///< [pair * 2 + detained]
  double subsequent_decision_probability = 0;
  double subsequent_recognition_rate = 0;
  // Forced-return pipeline (forced_return.hpp).
  double non_cooperation_factor = 0;
  double undocumented_factor = 0;
  double laissez_passer_rate = 0;  ///< per month at full cooperation
  int request_expiry_months = 0;
  int request_retry_months = 0;
  double removal_failure_at_liberty = 0;
  double removal_failure_detained = 0;
  std::vector<int> detention_max_months;  ///< per state
  // Absconded people (secondary_movement.hpp).
  std::vector<AbscondedOdds> absconded;   ///< per state
  /// Pending applications' decisions and absconded people's events scheduled (the simulation's
  /// calendar: an agent of these statuses in the pass has woken for its event), else drawn monthly.
  bool events_scheduled = true;
  // Reintegration (reintegration.hpp).
  std::vector<double> remigration_voluntary;  ///< per state, probability per month
  std::vector<double> remigration_forced;     ///< per state, probability per month
  int remigration_window_months = 0;
  // The waits of the scheduled events (model/month.hpp, prepare_month): their probabilities above.
  GeometricWaits asylum_decision_waits;
  std::vector<GeometricWaits> absconded_waits;              ///< per state: any event
  std::vector<GeometricWaits> remigration_voluntary_waits;  ///< per state
  std::vector<GeometricWaits> remigration_forced_waits;     ///< per state
};

/// Stream of agent `i` in this month.
[[nodiscard]] inline EntityDraws agent_draws(const MonthContext& ctx, std::size_t i) noexcept {
  return EntityDraws(ctx.run_seed, entity_id(EntitySpace::agent, i), ctx.draw_month);
}

/// Records a return of agent `i` (status already set by the caller): the months-since-return
/// clock starts.
inline void count_return(Migrants& m, std::size_t i, std::size_t pair, PairSeries series, std::int32_t month,
                         MonthCounts& counts) {
  ++counts.at(series, pair);
  counts.months_to_return_sum += static_cast<std::int64_t>(month) - m.order_month[i];
  m.months_in_stage[i] = 0;
}

}  // namespace returnsim::model::processes
