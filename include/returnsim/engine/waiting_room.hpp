#pragma once
/// @file
/// The simulation's waiting room (docs/model.md §1.3): people with an order to leave, at liberty,
/// not in casework (model::waits_out_of_passes), out of the monthly passes. Such a month changes
/// nothing unless casework takes the case up, a refusal's wait ends or the person makes a choice;
/// the room keeps what decides each, so that the month of a waiting person costs nothing unless
/// something happens in it:
/// - per pair, three lists sorted by agent: the casework candidates without and with documents
///   (the queues from which the month's systematic samples select by position), and the others
///   (refused, waiting to be submitted again; or nationals of an origin forced return is not
///   possible to). Each member is in one list;
/// - who makes a choice: each member of a pair independently with the month's probability, picked
///   by geometric gaps over the pair's lists (a keyed stream of the pair): the work is the choices;
/// - the months in which refusals' waits end (deterministic), each known by its stay (the month
///   the stay began: Simulation's per-agent month out of the passes), so that what is left of an
///   earlier stay is skipped.
/// The structure only; the simulation (engine/simulation.cpp, engine/waiting_room.cpp) runs it.
#include <cstdint>
#include <vector>

namespace returnsim::engine {

struct WaitingRoom {
  /// The lists of a pair, in this order.
  enum List : std::size_t { candidates_undocumented = 0, candidates_documented = 1, not_candidates = 2, kLists = 3 };
  /// One stay: an agent and the simulated month its stay began.
  struct Stay {
    std::uint32_t agent = 0;
    std::uint16_t since = 0;
  };

  /// Per simulated month: the stays whose refusal's wait ends then.
  std::vector<std::vector<Stay>> resubmissions;
  /// Per pair and List (kLists x pair + list): the members as the month started, sorted by agent
  /// (those who left within the month marked kLeft in place), and who joins from next month.
  std::vector<std::vector<std::uint32_t>> members, joining;
  static constexpr std::uint32_t kLeft = 0xffffffffu;
  std::vector<char> marked;  ///< per list: someone left it this month
  std::vector<std::vector<std::uint32_t>> picked;  ///< per pair, this month's choosers (scratch)
  std::vector<std::int64_t> per_pair;  ///< members per pair, as they stand
  std::int64_t count = 0;              ///< members, as they stand
  /// What the stays were scheduled with; when any of it changes, everyone goes back to the passes
  /// for a month (a change is rare: a scenario switch).
  int retry_months = -1;
  std::vector<std::uint8_t> forced_return_possible;  ///< per origin

  /// Bytes the room holds for its members.
  [[nodiscard]] std::size_t bytes() const noexcept;
};

/// `list` (sorted but for the entries marked WaitingRoom::kLeft, when `marked`) without those, and
/// with `joining` (emptied), sorted; in place, a streaming pass without branches on the data.
void update_list(std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& joining, bool marked);

}  // namespace returnsim::engine
