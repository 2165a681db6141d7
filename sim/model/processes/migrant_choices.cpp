#include "returnsim/model/processes/migrant_choices.hpp"

#include "returnsim/model/hazards.hpp"

namespace returnsim::model::processes {

void prepare_choices(MonthContext& ctx, const World& w) {
  using scenario::ScheduledQuantity;
  const scenario::Scenario& s = *w.scenario;
  const scenario::Behaviour& b = s.behaviour;
  ctx.choice.resize(2 * w.pair_count());
  ctx.subsequent_decision_probability = monthly_probability(1.0 / b.subsequent_decision_months);
  ctx.subsequent_recognition_rate = b.subsequent_recognition_rate;
  for (std::size_t st = 0; st < w.state_count; ++st) {
    const auto& ms = s.member_states[st];
    const double support_k = ms.avrr_support_eur * w.inputs.of(ScheduledQuantity::avrr_support_eur, st) / 1000.0;
    const double voluntary = b.voluntary_departure_rate * (1.0 + b.support_effect_per_1000_eur * support_k) *
                             w.inputs.of(ScheduledQuantity::voluntary_departure, st);
    const double abscond = b.abscond_rate * (1.0 - b.enforcement_abscond_effect * ms.enforcement);
    for (std::size_t o = 0; o < w.origin_count; ++o) {
      const std::size_t p = w.pair(o, st);
      const double v = voluntary * (1.0 + b.stick_behind_the_door * forced_return_credibility(w, p));
      for (const bool detained : {false, true}) {
        const auto odds = competing_thresholds<3>({v, detained ? 0.0 : abscond, b.subsequent_application_rate});
        ctx.choice[2 * p + (detained ? 1 : 0)] = ChoiceOdds{odds[0], odds[1], odds[2]};
      }
    }
  }
}

}  // namespace returnsim::model::processes
