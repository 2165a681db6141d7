#pragma once
/// @file
/// Arrivals and asylum decisions (SPEC §5 item 3). People apply on a route each month (Poisson
/// around `routes[].asylum_applications`, raised slightly by generous return support: the pull
/// effect of seed 004); each pending application is decided with hazard
/// 1 / `behaviour.asylum_decision_months`; a rejection issues an order to leave (Eurostat
/// migr_eiord counts these).
#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

/// One month of a pending application.
inline void decide_asylum(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                          const EntityDraws& draws, MonthCounts& counts) {
  if (!draws.bernoulli(Purpose::asylum_decision, ctx.asylum_decision_hazard)) return;
  if (draws.bernoulli(Purpose::recognition, ctx.world->pair_recognition_rate[pair])) {
    m.status[i] = Status::granted;
    return;
  }
  m.status[i] = Status::order_to_leave;
  std::uint8_t f = m.flags[i] & (flag::documented | flag::transit);  // personal facts stay
  if (!draws.bernoulli(Purpose::cooperating, ctx.non_cooperation_share)) f |= flag::cooperating;
  m.flags[i] = with_stage(f, Stage::none);
  m.months_in_stage[i] = 0;
  m.order_month[i] = static_cast<std::int16_t>(ctx.month);
  ++counts.at(PairSeries::orders_to_leave, pair);
}

/// Appends this month's new applicants of every route, in route order (so agent indices, and with
/// them all later draws, do not depend on threads). Returns the number of agents added.
std::size_t add_arrivals(const World& world, Migrants& migrants, std::uint64_t run_seed,
                         std::uint32_t month, double agent_scale, double support_pull_per_1000_eur,
                         MonthCounts& counts);

/// Creates the population of month 0: each route's `initial_stock` with an order to leave, and a
/// pool of pending applications of `asylum_applications x asylum_decision_months` (the steady
/// state, so that orders flow from the first month on).
void create_initial_population(const World& world, Migrants& migrants, std::uint64_t run_seed,
                               double agent_scale, double non_cooperation_share);

}  // namespace returnsim::model::processes
