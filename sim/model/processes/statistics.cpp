#include "returnsim/model/processes/statistics.hpp"

namespace returnsim::model::processes {

void state_statistics(const World& world, const MonthCounts& counts, double agent_scale, StateMonth& out) {
  const scenario::Scenario& s = *world.scenario;
  out.cost_eur.assign(world.state_count, 0.0);
  out.recorded_orders_to_leave.assign(world.state_count, 0.0);
  out.recorded_returns.assign(world.state_count, 0.0);
  for (std::size_t st = 0; st < world.state_count; ++st) {
    const auto& ms = s.member_states[st];
    double orders = 0, voluntary = 0, forced = 0, failed = 0, detained = 0, cases = 0;
    for (std::size_t o = 0; o < world.origin_count; ++o) {
      const std::size_t p = world.pair(o, st);
      orders += counts.at(PairSeries::orders_to_leave, p);
      voluntary += counts.at(PairSeries::returns_voluntary, p);
      forced += counts.at(PairSeries::returns_forced, p);
      failed += counts.at(PairSeries::removals_failed, p);
      detained += counts.at(PairSeries::in_detention, p);
      cases += counts.at(PairSeries::identification_requests, p);
    }
    const double support =
        ms.avrr_support_eur * world.inputs.of(scenario::ScheduledQuantity::avrr_support_eur, st);
    out.cost_eur[st] = agent_scale * (forced * s.costs.forced_return_eur + failed * s.costs.failed_removal_eur +
                                      voluntary * (s.costs.voluntary_return_eur + support) +
                                      detained * s.costs.detention_eur_per_month +
                                      cases * s.costs.casework_eur_per_case);
    out.recorded_orders_to_leave[st] = recorded_orders(ms, agent_scale * orders);
    out.recorded_returns[st] = recorded_returns(ms, agent_scale * (voluntary + forced));
  }
}

void update_removal_hazard(World& world, const MonthCounts& counts) {
  for (std::size_t p = 0; p < world.pair_count(); ++p) {
    const double removed = counts.at(PairSeries::returns_forced, p);
    const double caseload = counts.at(PairSeries::stock_order_to_leave, p) + removed;
    const double hazard = caseload > 0 ? removed / caseload : 0.0;
    world.pair_removal_hazard[p] =
        (1.0 - kCredibilityWeight) * world.pair_removal_hazard[p] + kCredibilityWeight * hazard;
  }
}

}  // namespace returnsim::model::processes
