#pragma once
/// @file
/// Reintegration and re-migration (SPEC §5 item 7; sustainable reintegration:
/// docs/sources.md#S-nl-letter-2021-06).
/// Within `remigration_window_months` of the return, a returned person migrates again with hazard
/// `remigration_rate x max(0, 1 - reintegration_effect_per_1000_eur x avrr_support_eur / 1000)`
/// after a voluntary return, and `remigration_rate x forced_remigration_factor` after a removal;
/// they apply again in the member state they left (counted as an arrival and a re-migration).
/// After the window the person counts as settled and has no more monthly events (assumption:
/// re-migration happens early or not at all), so that the returned population that can come back
/// stays bounded and a run reaches a steady state.
#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

/// This month's re-migration probabilities per member state.
void prepare_reintegration(MonthContext& ctx, const World& world);

/// True when a returned person can still migrate again this month.
[[nodiscard]] inline bool may_remigrate(const Migrants& m, std::size_t i, const MonthContext& ctx) noexcept {
  return m.months_in_stage[i] < ctx.remigration_window_months;
}

/// Returned agent `i` migrates again: a new application in the member state it left.
inline void migrate_again(Migrants& m, std::size_t i, std::size_t pair, MonthCounts& counts) {
  m.status[i] = Status::asylum_pending;
  m.flags[i] = with_stage(static_cast<std::uint8_t>(m.flags[i] & (flag::documented | flag::transit)), Stage::none);
  m.months_in_stage[i] = 0;
  ++counts.at(PairSeries::arrivals, pair);
  ++counts.at(PairSeries::remigrations, pair);
}

/// One month of returned agent `i` within the window: it migrates again with the month's
/// probability, or its clock advances.
inline void remigrate(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                      const EntityDraws& draws, MonthCounts& counts) {
  const std::size_t state = m.state[i];
  const double p = m.status[i] == Status::returned_voluntary ? ctx.remigration_voluntary[state]
                                                              : ctx.remigration_forced[state];
  if (!draws.bernoulli(Purpose::remigration, p)) {
    ++m.months_in_stage[i];  // below the window, which is at most 240: no overflow
    return;
  }
  migrate_again(m, i, pair, counts);
}

}  // namespace returnsim::model::processes
