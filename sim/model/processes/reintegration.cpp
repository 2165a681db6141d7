#include "returnsim/model/processes/reintegration.hpp"

#include <algorithm>

#include "returnsim/model/hazards.hpp"

namespace returnsim::model::processes {

void prepare_reintegration(MonthContext& ctx, const World& w) {
  using scenario::ScheduledQuantity;
  const scenario::Scenario& s = *w.scenario;
  const scenario::Behaviour& b = s.behaviour;
  ctx.remigration_window_months = b.remigration_window_months;
  ctx.remigration_voluntary.resize(w.state_count);
  ctx.remigration_forced.resize(w.state_count);
  for (std::size_t st = 0; st < w.state_count; ++st) {
    const double support_k =
        s.member_states[st].avrr_support_eur * w.inputs.of(ScheduledQuantity::avrr_support_eur, st) / 1000.0;
    ctx.remigration_voluntary[st] =
        monthly_probability(b.remigration_rate * std::max(0.0, 1.0 - b.reintegration_effect_per_1000_eur * support_k));
    ctx.remigration_forced[st] = monthly_probability(b.remigration_rate * b.forced_remigration_factor);
  }
}

}  // namespace returnsim::model::processes
