#include "returnsim/model/processes/arrivals_asylum.hpp"

#include <cmath>

namespace returnsim::model::processes {
namespace {

/// floor(x) plus one with probability frac(x): an unbiased integer for a fractional count.
std::uint64_t stochastic_round(double x, const EntityDraws& draws, Purpose purpose) {
  const double whole = std::floor(x);
  return static_cast<std::uint64_t>(whole) + (draws.uniform(purpose) < x - whole ? 1u : 0u);
}

std::uint8_t new_person_flags(const World& world, std::size_t origin, const EntityDraws& draws) {
  const auto& country = world.scenario->origin_countries[origin];
  std::uint8_t f = draws.bernoulli(Purpose::documented, country.documented_share) ? flag::documented : 0;
  if (country.transit_share > 0 && draws.bernoulli(Purpose::transit, country.transit_share)) f |= flag::transit;
  return f;
}

}  // namespace

std::size_t add_arrivals(const World& world, Migrants& migrants, std::uint64_t run_seed,
                         std::uint32_t month, double agent_scale, double support_pull_per_1000_eur,
                         MonthCounts& counts) {
  const scenario::Scenario& s = *world.scenario;
  std::size_t added = 0;
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    const double support = s.member_states[route.member_state_index].avrr_support_eur;
    const double mean =
        route.asylum_applications * (1.0 + support_pull_per_1000_eur * support / 1000.0) / agent_scale;
    const EntityDraws route_draws(run_seed, entity_id(EntitySpace::route, r), month);
    const std::uint64_t n = poisson(route_draws, Purpose::arrivals, mean);
    const std::size_t pair = world.pair(route.origin_index, route.member_state_index);
    for (std::uint64_t k = 0; k < n; ++k) {
      const std::size_t index = migrants.size();
      const EntityDraws draws(run_seed, entity_id(EntitySpace::agent, index), month);
      migrants.add(Status::asylum_pending, static_cast<std::uint16_t>(route.origin_index),
                   static_cast<std::uint8_t>(route.member_state_index),
                   new_person_flags(world, route.origin_index, draws), 0);
    }
    counts.at(PairSeries::arrivals, pair) += static_cast<std::int32_t>(n);
    added += n;
  }
  return added;
}

void create_initial_population(const World& world, Migrants& migrants, std::uint64_t run_seed,
                               double agent_scale, double non_cooperation_share) {
  const scenario::Scenario& s = *world.scenario;
  constexpr std::uint32_t kInitMonth = 0xFFFFFFFFu;  // a "month" of its own for month-0 draws
  double expected = 0;
  for (const auto& route : s.routes) {
    expected += (route.initial_stock + route.asylum_applications * s.behaviour.asylum_decision_months) / agent_scale;
  }
  migrants.reserve(static_cast<std::size_t>(expected * 1.1) + 16);
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    const EntityDraws route_draws(run_seed, entity_id(EntitySpace::route, r), kInitMonth);
    const std::uint64_t stock = stochastic_round(route.initial_stock / agent_scale, route_draws,
                                                 Purpose::capacity_rounding);
    const std::uint64_t pending = stochastic_round(
        route.asylum_applications * s.behaviour.asylum_decision_months / agent_scale, route_draws,
        Purpose::arrivals);
    const auto origin = static_cast<std::uint16_t>(route.origin_index);
    const auto state = static_cast<std::uint8_t>(route.member_state_index);
    for (std::uint64_t k = 0; k < stock; ++k) {
      const EntityDraws draws(run_seed, entity_id(EntitySpace::agent, migrants.size()), kInitMonth);
      std::uint8_t f = new_person_flags(world, route.origin_index, draws);
      if (!draws.bernoulli(Purpose::cooperating, non_cooperation_share)) f |= flag::cooperating;
      migrants.add(Status::order_to_leave, origin, state, f, 0);
    }
    for (std::uint64_t k = 0; k < pending; ++k) {
      const EntityDraws draws(run_seed, entity_id(EntitySpace::agent, migrants.size()), kInitMonth);
      migrants.add(Status::asylum_pending, origin, state, new_person_flags(world, route.origin_index, draws), 0);
    }
  }
}

}  // namespace returnsim::model::processes
