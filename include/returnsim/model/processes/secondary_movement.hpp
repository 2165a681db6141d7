#pragma once
/// @file
/// Secondary movement (SPEC §5 item 6). An absconded person is found again with hazard
/// `apprehension_rate` (back in the caseload of the state where they are, same order), or moves
/// to another member state with hazard `secondary_movement_rate`, choosing a destination along the
/// state-link edges of the world graph in proportion to their weight (the destination's asylum
/// applications + 1). Assumptions: see docs/model.md.
#include <algorithm>

#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

inline void move_or_surface(Migrants& m, std::size_t i, const MonthContext& ctx, const EntityDraws& draws) {
  const double u = draws.uniform(Purpose::apprehension);
  if (u < ctx.apprehension_rate) {
    m.status[i] = Status::order_to_leave;
    m.flags[i] = with_stage(m.flags[i], Stage::none);
    m.months_in_stage[i] = 0;
    return;
  }
  if (u >= ctx.apprehension_rate + ctx.secondary_movement_rate) return;
  const World& w = *ctx.world;
  const std::size_t from = m.state[i];
  const std::uint32_t begin = w.destination_offset[from], end = w.destination_offset[from + 1];
  if (begin == end) return;
  const double total = w.destination_cumulative_weight[end - 1];
  const double pick = draws.uniform(Purpose::secondary_destination) * total;
  const auto first = w.destination_cumulative_weight.begin() + begin;
  const auto last = w.destination_cumulative_weight.begin() + end;
  const auto hit = std::upper_bound(first, last, pick);
  m.state[i] = w.destination_state[begin + static_cast<std::uint32_t>(std::min(hit, last - 1) - first)];
}

}  // namespace returnsim::model::processes
