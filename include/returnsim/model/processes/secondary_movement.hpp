#pragma once
/// @file
/// Absconded people (SPEC §5 item 6): irregular stay, whereabouts unknown. Each month, competing
/// hazards (model/hazards.hpp):
/// - apprehension, `apprehension_rate`: a new order to leave is issued in the state where the
///   person is and the case re-enters the caseload (Eurostat counts every order; French
///   per-nationality order counts are about twice Eurostat's, docs/sources.md#S-fr-cdc-2024);
/// - onward departure, `onward_departure_rate`: the person leaves the EU unrecorded (NL: "departure
///   with unknown destination", docs/sources.md#S-dtv); not a return in the statistics;
/// - regularisation, `regularisation_rate`: a residence right;
/// - secondary movement, `secondary_movement_rate`: to another member state, chosen along the
///   state-link edges of the world graph in proportion to their weight (the destination's asylum
///   applications + 1).
/// The first three empty the absconded stock, so that it reaches a steady state (docs/model.md).
/// Rates: assumptions, sized in docs/calibration.md.
///
/// The hazards are constant (behaviour parameters, the same in every state), so the simulation
/// schedules these events instead of drawing every month (docs/model.md, "Scheduling"): an
/// absconded person sleeps until the month of the next event, drawn once (geometric waiting
/// time), and wakes for it (absconded_event). absconded_month, one draw a month, is the exact
/// reference the scheduled form is tested against.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "returnsim/model/processes/forced_return.hpp"

namespace returnsim::model::processes {

/// This month's odds of absconded people, per member state.
void prepare_absconded(MonthContext& ctx, const World& world);

/// One absconded month given the uniform `u` that picks the event: apprehension, onward
/// departure, regularisation or a move to another state by the competing thresholds, nothing at
/// or above the last.
inline void absconded_outcome(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                              const EntityDraws& draws, double u, MonthCounts& counts) {
  const std::size_t from = m.state[i];
  const AbscondedOdds& odds = ctx.absconded[from];
  if (u >= odds.movement) return;
  if (u < odds.apprehension) {
    issue_order(m, i, pair, ctx, counts);
    ++counts.at(PairSeries::reapprehensions, pair);
    return;
  }
  if (u < odds.onward) {
    m.status[i] = Status::departed_unrecorded;
    ++counts.at(PairSeries::onward_departures, pair);
    return;
  }
  if (u < odds.regularisation) {
    m.status[i] = Status::regularised;
    ++counts.at(PairSeries::regularisations, pair);
    return;
  }
  const World& w = *ctx.world;
  const std::uint32_t begin = w.destination_offset[from], end = w.destination_offset[from + 1];
  if (begin == end) return;
  const double total = w.destination_cumulative_weight[end - 1];
  const double pick = draws.uniform(Purpose::secondary_destination) * total;
  const auto first = w.destination_cumulative_weight.begin() + begin;
  const auto last = w.destination_cumulative_weight.begin() + end;
  const auto hit = std::upper_bound(first, last, pick);
  m.state[i] = w.destination_state[begin + static_cast<std::uint32_t>(std::min(hit, last - 1) - first)];
}

/// The per-month reference: each month an event with probability `movement`.
inline void absconded_month(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                            const EntityDraws& draws, MonthCounts& counts) {
  absconded_outcome(m, i, pair, ctx, draws, draws.uniform(Purpose::apprehension), counts);
}

/// The scheduled form: the month of an event has come; which one, in proportion to the hazards.
inline void absconded_event(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                            const EntityDraws& draws, MonthCounts& counts) {
  absconded_outcome(m, i, pair, ctx, draws, draws.uniform(Purpose::apprehension) * ctx.absconded[m.state[i]].movement,
                    counts);
}

}  // namespace returnsim::model::processes
