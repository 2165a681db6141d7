#pragma once
/// @file
/// Reintegration and re-migration (SPEC §5 item 7; seed 004 on sustainable reintegration).
/// A returned person migrates again with monthly hazard `remigration_rate x
/// max(0, 1 - reintegration_effect_per_1000_eur x avrr_support_eur / 1000)` after a voluntary
/// return, and `remigration_rate x forced_remigration_factor` after a removal; they apply again in
/// the member state they left (counted as an arrival and a re-migration).
#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

inline void remigrate(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                      const EntityDraws& draws, MonthCounts& counts) {
  const std::size_t state = m.state[i];
  const double p = m.status[i] == Status::returned_voluntary ? ctx.remigration_voluntary[state]
                                                              : ctx.remigration_forced[state];
  if (!draws.bernoulli(Purpose::remigration, p)) return;
  m.status[i] = Status::asylum_pending;
  m.flags[i] = with_stage(static_cast<std::uint8_t>(m.flags[i] & (flag::documented | flag::transit)), Stage::none);
  m.months_in_stage[i] = 0;
  ++counts.at(PairSeries::arrivals, pair);
  ++counts.at(PairSeries::remigrations, pair);
}

}  // namespace returnsim::model::processes
