#pragma once
/// @file
/// Arrivals, asylum decisions and orders to leave (SPEC §5 item 3). Orders come from two sources
/// (in the Netherlands 52-69% of the caseload is referred by the asylum service, the rest mostly by
/// the police, docs/sources.md#S-dtv; in Germany ~55% of the people obliged to leave are rejected
/// asylum seekers, docs/sources.md#S-de-bundestag):
/// - asylum: people apply on a route each month (Poisson around `asylum_applications`); each
///   pending application is decided with hazard 1 / `asylum_decision_months`; a rejection issues
///   an order to leave;
/// - irregular stay: people found in irregular stay for the first time (overstay, irregular entry,
///   no claim) are ordered to leave on the spot (Poisson around `irregular_apprehensions`); absconded
///   people apprehended again get a new order too (secondary_movement.hpp).
/// Both flows rise slightly with generous return support (the pull effect,
/// docs/sources.md#S-nl-letter-2021-06) and follow their schedules. Eurostat migr_eiord counts
/// every order (docs/sources.md#S-eurostat-eiord).
#include "returnsim/model/processes/forced_return.hpp"

namespace returnsim::model::processes {

/// This month's asylum-decision probability.
void prepare_asylum(MonthContext& ctx, const World& world);

/// The first-instance decision on a pending application: protection, or an order to leave.
inline void asylum_decision(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                            const EntityDraws& draws, MonthCounts& counts) {
  if (draws.bernoulli(Purpose::recognition, ctx.world->pair_recognition_rate[pair])) {
    m.status[i] = Status::granted;
    return;
  }
  std::uint8_t f = m.flags[i] & (flag::documented | flag::transit);  // personal facts stay
  if (!draws.bernoulli(Purpose::cooperating, ctx.non_cooperation_share)) f |= flag::cooperating;
  m.flags[i] = f;
  issue_order(m, i, pair, ctx, counts);
}

/// One month of a pending application, the per-month reference: a decision with the month's
/// constant probability. (Scheduled, the simulation wakes the application in its decision month
/// and calls asylum_decision.)
inline void decide_asylum(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                          const EntityDraws& draws, MonthCounts& counts) {
  if (!draws.bernoulli(Purpose::asylum_decision, ctx.asylum_decision_probability)) return;
  asylum_decision(m, i, pair, ctx, draws, counts);
}

/// Appends this month's new applicants and first apprehensions of every route, in route order (so
/// agent indices, and with them all later draws, do not depend on threads). They count in this
/// month's end-of-month tallies. Returns the number of agents added.
std::size_t add_arrivals(const World& world, Migrants& migrants, const MonthContext& ctx, double agent_scale,
                         MonthCounts& counts);

/// Creates the population at the start of the burn-in: each route's `initial_stock` with an order
/// to leave, its `initial_absconded`, and a pool of pending applications of
/// `asylum_applications x asylum_decision_months` (the steady state of the decision queue).
void create_initial_population(const World& world, Migrants& migrants, std::uint64_t run_seed, double agent_scale);

}  // namespace returnsim::model::processes
