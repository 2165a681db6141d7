#include "returnsim/model/world.hpp"

#include "returnsim/model/processes/cooperation.hpp"
#include "returnsim/model/processes/policy_clock.hpp"
#include "returnsim/model/processes/schedules.hpp"

namespace returnsim::model {

namespace {

/// Route properties of every pair and the state links (weighted by the destination's asylum
/// applications) from the world's scenario.
void describe_routes(World& w) {
  const scenario::Scenario& s = *w.scenario;
  const std::size_t pairs = w.pair_count();
  w.pair_relations.assign(pairs, 0.5);
  w.pair_agreement.assign(pairs, scenario::BilateralAgreement::none);
  w.pair_route.assign(pairs, -1);
  w.pair_recognition_rate.assign(pairs, 0.0);
  std::vector<double> applications_to_state(w.state_count, 0.0);
  std::vector<double> origin_recognition_sum(w.origin_count, 0.0), origin_recognition_n(w.origin_count, 0.0);
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    const std::size_t p = w.pair(route.origin_index, route.member_state_index);
    w.pair_route[p] = static_cast<std::int32_t>(r);
    w.pair_relations[p] = route.relations;
    w.pair_agreement[p] = route.agreement;
    w.pair_recognition_rate[p] = route.recognition_rate;
    applications_to_state[route.member_state_index] += route.asylum_applications;
    origin_recognition_sum[route.origin_index] += route.recognition_rate;
    origin_recognition_n[route.origin_index] += 1.0;
  }
  // A pair without a route (reached only by secondary movement) decides like the origin's average.
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const double mean = origin_recognition_n[o] > 0 ? origin_recognition_sum[o] / origin_recognition_n[o] : 0.0;
    for (std::size_t st = 0; st < w.state_count; ++st) {
      if (w.pair_route[w.pair(o, st)] < 0) w.pair_recognition_rate[w.pair(o, st)] = mean;
    }
  }
  // State links: weighted by the destination's asylum applications (+1 so that states without
  // routes can still be reached); flattened into cumulative weights for a binary search.
  for (auto [e, end] = boost::edges(w.graph); e != end; ++e) {
    EdgeProperties& edge = w.graph[*e];
    if (edge.kind == EdgeKind::state_link) edge.weight = 1.0 + applications_to_state[w.graph[boost::target(*e, w.graph)].index];
  }
  w.destination_offset.assign(w.state_count + 1, 0);
  w.destination_state.clear();
  w.destination_cumulative_weight.clear();
  for (std::size_t a = 0; a < w.state_count; ++a) {
    double cumulative = 0.0;
    for (auto [e, end] = boost::out_edges(w.state_vertex[a], w.graph); e != end; ++e) {
      const EdgeProperties& edge = w.graph[*e];
      if (edge.kind != EdgeKind::state_link) continue;
      cumulative += edge.weight;
      w.destination_state.push_back(static_cast<std::uint8_t>(w.graph[boost::target(*e, w.graph)].index));
      w.destination_cumulative_weight.push_back(cumulative);
    }
    w.destination_offset[a + 1] = static_cast<std::uint32_t>(w.destination_state.size());
  }
  w.forced_return_possible.resize(w.origin_count);
  w.transit_of.assign(w.origin_count, -1);
  for (std::size_t o = 0; o < w.origin_count; ++o) {
    const auto& origin = s.origin_countries[o];
    w.forced_return_possible[o] = origin.forced_return_possible() ? 1 : 0;
    w.transit_of[o] = static_cast<std::int32_t>(origin.transit_index);
  }
}

}  // namespace

World build_world(const scenario::Scenario& s) {
  World w;
  w.scenario = &s;
  w.state_count = s.member_states.size();
  w.origin_count = s.origin_countries.size();

  for (std::size_t i = 0; i < w.state_count; ++i) {
    w.state_vertex.push_back(boost::add_vertex(
        VertexProperties{VertexKind::member_state, static_cast<std::uint32_t>(i)}, w.graph));
  }
  for (std::size_t i = 0; i < w.origin_count; ++i) {
    w.origin_vertex.push_back(
        boost::add_vertex(VertexProperties{VertexKind::origin, static_cast<std::uint32_t>(i)}, w.graph));
  }
  // Route edges carry flows, the agreement and relations of the pair; state links join every
  // member state to every other (secondary movement).
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    const auto& route = s.routes[r];
    boost::add_edge(w.origin_vertex[route.origin_index], w.state_vertex[route.member_state_index],
                    EdgeProperties{EdgeKind::route, static_cast<std::uint32_t>(r), 0.0}, w.graph);
  }
  for (std::size_t a = 0; a < w.state_count; ++a) {
    for (std::size_t b = 0; b < w.state_count; ++b) {
      if (a != b) boost::add_edge(w.state_vertex[a], w.state_vertex[b], EdgeProperties{EdgeKind::state_link, 0, 0.0}, w.graph);
    }
  }
  const std::size_t pairs = w.pair_count();
  w.pair_cooperation.assign(pairs, 0.0);
  w.pair_removal_hazard.assign(pairs, 0.0);
  describe_routes(w);
  processes::initialise_policy(w);
  processes::initialise_cooperation(w);
  processes::initialise_input_factors(w);
  return w;
}

void switch_scenario(World& w, const scenario::Scenario& s) {
  scenario::require_same_graph(*w.scenario, s);
  w.scenario = &s;
  describe_routes(w);
  processes::switch_policy_scenario(w);
}

}  // namespace returnsim::model
