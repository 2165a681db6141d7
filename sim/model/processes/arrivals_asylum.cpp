#include "returnsim/model/processes/arrivals_asylum.hpp"

#include <cmath>

#include "returnsim/model/hazards.hpp"

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

/// Flags of a person who is ordered to leave on arrival in the model (stock or apprehension):
/// personal facts and cooperation with nationality determination.
std::uint8_t ordered_person_flags(const World& world, std::size_t origin, const EntityDraws& draws) {
  std::uint8_t f = new_person_flags(world, origin, draws);
  if (!draws.bernoulli(Purpose::cooperating, world.scenario->behaviour.non_cooperation_share)) f |= flag::cooperating;
  return f;
}

}  // namespace

void prepare_asylum(MonthContext& ctx, const World& world) {
  const scenario::Behaviour& b = world.scenario->behaviour;
  ctx.asylum_decision_probability = monthly_probability(1.0 / b.asylum_decision_months);
  ctx.non_cooperation_share = b.non_cooperation_share;
}

std::size_t add_arrivals(const World& world, Migrants& migrants, const MonthContext& ctx, double agent_scale,
                         MonthCounts& counts) {
  using scenario::ScheduledQuantity;
  const scenario::Scenario& s = *world.scenario;
  const double pull_per_eur = s.behaviour.support_pull_per_1000_eur / 1000.0;
  std::size_t added = 0;
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    const std::size_t state = route.member_state_index;
    const double support = s.member_states[state].avrr_support_eur *
                           world.inputs.of(ScheduledQuantity::avrr_support_eur, state);
    const double pull = (1.0 + pull_per_eur * support) / agent_scale;
    const EntityDraws route_draws(ctx.run_seed, entity_id(EntitySpace::route, r), ctx.draw_month);
    const std::uint64_t applicants = poisson(
        route_draws, Purpose::arrivals,
        route.asylum_applications * world.inputs.of(ScheduledQuantity::asylum_applications, r) * pull);
    const std::uint64_t apprehended = poisson(
        route_draws, Purpose::irregular_arrivals,
        route.irregular_apprehensions * world.inputs.of(ScheduledQuantity::irregular_apprehensions, r) * pull);
    const std::size_t pair = world.pair(route.origin_index, state);
    const auto origin = static_cast<std::uint16_t>(route.origin_index);
    const auto state8 = static_cast<std::uint8_t>(state);
    for (std::uint64_t k = 0; k < applicants; ++k) {
      const EntityDraws draws(ctx.run_seed, entity_id(EntitySpace::agent, migrants.size()), ctx.draw_month);
      migrants.add(Status::asylum_pending, origin, state8, new_person_flags(world, route.origin_index, draws), 0);
    }
    for (std::uint64_t k = 0; k < apprehended; ++k) {
      const EntityDraws draws(ctx.run_seed, entity_id(EntitySpace::agent, migrants.size()), ctx.draw_month);
      migrants.add(Status::order_to_leave, origin, state8, ordered_person_flags(world, route.origin_index, draws),
                   static_cast<std::int16_t>(ctx.month));
    }
    counts.at(PairSeries::arrivals, pair) += static_cast<std::int32_t>(applicants);
    counts.at(PairSeries::irregular_apprehensions, pair) += static_cast<std::int32_t>(apprehended);
    counts.at(PairSeries::orders_to_leave, pair) += static_cast<std::int32_t>(apprehended);
    counts.at(PairSeries::stock_order_to_leave, pair) += static_cast<std::int32_t>(apprehended);
    counts.status_count[static_cast<std::size_t>(Status::asylum_pending)] += static_cast<std::int64_t>(applicants);
    counts.status_count[static_cast<std::size_t>(Status::order_to_leave)] += static_cast<std::int64_t>(apprehended);
    added += applicants + apprehended;
  }
  return added;
}

void create_initial_population(const World& world, Migrants& migrants, std::uint64_t run_seed, double agent_scale) {
  const scenario::Scenario& s = *world.scenario;
  constexpr std::uint32_t kInitMonth = 0xFFFFFFFFu;  // a "month" of its own for the start's draws
  const auto order_month = static_cast<std::int16_t>(-s.simulation.burn_in_months);
  double expected = 0;
  for (const auto& route : s.routes) {
    expected += (route.initial_stock + route.initial_absconded +
                 route.asylum_applications * s.behaviour.asylum_decision_months) / agent_scale;
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
    const std::uint64_t absconded = stochastic_round(route.initial_absconded / agent_scale, route_draws,
                                                     Purpose::irregular_arrivals);
    const auto origin = static_cast<std::uint16_t>(route.origin_index);
    const auto state = static_cast<std::uint8_t>(route.member_state_index);
    auto person = [&] { return EntityDraws(run_seed, entity_id(EntitySpace::agent, migrants.size()), kInitMonth); };
    for (std::uint64_t k = 0; k < stock; ++k) {
      migrants.add(Status::order_to_leave, origin, state, ordered_person_flags(world, route.origin_index, person()),
                   order_month);
    }
    for (std::uint64_t k = 0; k < absconded; ++k) {
      migrants.add(Status::absconded, origin, state, ordered_person_flags(world, route.origin_index, person()),
                   order_month);
    }
    for (std::uint64_t k = 0; k < pending; ++k) {
      migrants.add(Status::asylum_pending, origin, state, new_person_flags(world, route.origin_index, person()), 0);
    }
  }
}

}  // namespace returnsim::model::processes
