#include "returnsim/model/processes/secondary_movement.hpp"

#include "returnsim/model/hazards.hpp"

namespace returnsim::model::processes {

void prepare_absconded(MonthContext& ctx, const World& w) {
  const scenario::Behaviour& b = w.scenario->behaviour;
  const auto odds = competing_thresholds<4>(
      {b.apprehension_rate, b.onward_departure_rate, b.regularisation_rate, b.secondary_movement_rate});
  ctx.absconded.assign(w.state_count, AbscondedOdds{odds[0], odds[1], odds[2], odds[3]});
}

}  // namespace returnsim::model::processes
