#pragma once
/// @file
/// Time-varying inputs (`schedules`): each entry multiplies one input (a route's flows, a member
/// state's capacities, voluntary departure or support, an origin's identification capacity) by
/// its factor from its first month to its end, for the routes, states or origins it names. Entries
/// in force together multiply. They act in the reported horizon only: the burn-in runs on the
/// scenario's own values, so that it reaches the steady state of the world as described and a
/// schedule starting at month 0 shows as a change from it (the EU series, the pandemic of 2020:
/// docs/sources.md#S-eurostat-eirtn).
#include "returnsim/model/world.hpp"

namespace returnsim::model::processes {

/// Sizes the factors (all 1).
void initialise_input_factors(World& world);

/// Sets every factor for reported month `month` (< 0: the burn-in, all 1).
void apply_schedules(World& world, int month);

}  // namespace returnsim::model::processes
