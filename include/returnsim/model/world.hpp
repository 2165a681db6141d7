#pragma once
/// @file
/// The world graph (Boost.Graph): member states and origin countries are vertices; routes
/// (origin -> member state) and links between member states are edges. The per-run mutable state
/// of origins and origin-state pairs lives beside the graph in flat arrays indexed by
/// `pair(origin, state)`, because the monthly loop reads it for every agent.
#include <boost/graph/adjacency_list.hpp>
#include <array>
#include <cstdint>
#include <vector>

#include "returnsim/model/migrants.hpp"
#include "returnsim/model/policy.hpp"
#include "returnsim/scenario/scenario.hpp"

namespace returnsim::model {

enum class VertexKind : std::uint8_t { member_state, origin };
enum class EdgeKind : std::uint8_t { route, state_link };

struct VertexProperties {
  VertexKind kind = VertexKind::member_state;
  std::uint32_t index = 0;  ///< into Scenario::member_states or Scenario::origin_countries
};

struct EdgeProperties {
  EdgeKind kind = EdgeKind::route;
  std::uint32_t route = 0;  ///< route edges: index into Scenario::routes
  double weight = 0;        ///< state links: attractiveness of the destination for secondary movement
};

using WorldGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         VertexProperties, EdgeProperties>;
using Vertex = WorldGraph::vertex_descriptor;

/// This month's multipliers of the scheduled inputs (model/processes/schedules.hpp), indexed by
/// scenario::ScheduledQuantity, then by route, member state or origin as the quantity belongs.
struct InputFactors {
  std::array<std::vector<double>, scenario::kScheduledQuantityCount> factor;
  [[nodiscard]] double of(scenario::ScheduledQuantity q, std::size_t entity) const noexcept {
    return factor[static_cast<std::size_t>(q)][entity];
  }
};

/// One run's world: the graph, plus the state that processes read and update every month.
struct World {
  const scenario::Scenario* scenario = nullptr;
  WorldGraph graph;
  std::vector<Vertex> state_vertex;   ///< member state index -> vertex
  std::vector<Vertex> origin_vertex;  ///< origin index -> vertex
  std::size_t state_count = 0;
  std::size_t origin_count = 0;

  // Per origin-state pair, index pair(origin, state). Pairs without a route still exist: absconded
  // migrants can move to any member state.
  std::vector<double> pair_cooperation;        ///< 0..1: chance an identification request succeeds
  std::vector<double> pair_recognition_rate;   ///< share of asylum decisions granting protection
  std::vector<double> pair_relations;          ///< working relations 0..1
  std::vector<scenario::BilateralAgreement> pair_agreement;
  std::vector<double> pair_removal_hazard;     ///< smoothed monthly removals / caseload
  std::vector<std::int32_t> pair_route;        ///< route index, -1 when the pair has no route

  // Per origin.
  std::vector<std::uint8_t> forced_return_possible;  ///< safe_return && diplomatic_relations
  std::vector<std::int32_t> transit_of;              ///< transit country index, -1 none

  /// Levers in force, Art. 25a state, this month's policy events.
  PolicyState policy;
  /// Scheduled inputs in force this month.
  InputFactors inputs;

  // Secondary-movement destinations per member state, from the state-link edges (CSR layout with
  // cumulative weights so that a destination is one binary search away).
  std::vector<std::uint32_t> destination_offset;  ///< size state_count + 1
  std::vector<std::uint8_t> destination_state;
  std::vector<double> destination_cumulative_weight;

  [[nodiscard]] std::size_t pair(std::size_t origin, std::size_t state) const noexcept {
    return origin * state_count + state;
  }
  [[nodiscard]] std::size_t pair_origin(std::size_t pair) const noexcept { return pair / state_count; }
  [[nodiscard]] std::size_t pair_state(std::size_t pair) const noexcept { return pair % state_count; }
  [[nodiscard]] std::size_t pair_count() const noexcept { return origin_count * state_count; }

  /// The country an identification request about this person goes to: its transit country when
  /// the person's transit can be shown and an EU agreement with a third-country-national clause
  /// is in force there (docs/sources.md#S-eca-17-2021), else its own.
  [[nodiscard]] std::size_t addressed_origin(std::size_t origin, std::uint8_t flags) const noexcept {
    const std::int32_t transit = transit_of[origin];
    return (flags & flag::transit) != 0 && transit >= 0 && policy.tcn_clause[static_cast<std::size_t>(transit)] != 0
               ? static_cast<std::size_t>(transit)
               : origin;
  }
};

/// Builds the graph and the initial per-run state from a validated scenario.
[[nodiscard]] World build_world(const scenario::Scenario& scenario);

/// Makes `scenario` the world's description from now on (the end of a burn-in spun up in another
/// scenario of the same graph, e.g. a sweep's status quo): route properties, secondary-movement
/// weights and the EU arrangements in force from month 0 are taken from it; every state variable
/// (cooperation, credibility, pressure, the population) carries on. Appends an event for an EU
/// arrangement that differs. Throws ModelError when the graphs differ.
void switch_scenario(World& world, const scenario::Scenario& scenario);

}  // namespace returnsim::model
