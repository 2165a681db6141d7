#pragma once
/// @file
/// The migrant population as a structure of arrays: 9 bytes per agent, no per-agent heap objects.
/// Agents are never removed; returned and recognised people keep their slot (they can migrate
/// again), so an agent's index is a stable key for its random streams.
#include <cstdint>
#include <type_traits>
#include <vector>

namespace returnsim::model {

/// Where a person is in the return process. Every agent is in exactly one status.
enum class Status : std::uint8_t {
  asylum_pending = 0,          ///< applied; awaiting the first decision
  order_to_leave = 1,          ///< rejected, holds an order to leave; the return caseload
  subsequent_application = 2,  ///< lodged a new application; removal suspended
  absconded = 3,               ///< left supervision, whereabouts unknown
  returned_voluntary = 4,      ///< departed voluntarily to the origin
  returned_forced = 5,         ///< removed to the origin
  granted = 6,                 ///< protection granted; leaves the return population
  departed_unrecorded = 7,     ///< an absconded person who left the EU unrecorded (not a return)
  regularised = 8,             ///< an absconded person who obtained a residence right
};
inline constexpr std::size_t kStatusCount = 9;

/// Forced-return pipeline stage of a person with an order to leave.
enum class Stage : std::uint8_t {
  none = 0,          ///< not (or no longer) in casework
  requested = 1,     ///< identification request sent to the origin
  identified = 2,    ///< nationality confirmed by the origin
  laissez_passer = 3,  ///< travel document issued; removable
};

namespace flag {
inline constexpr std::uint8_t stage_mask = 0x03;
inline constexpr std::uint8_t documented = 0x04;   ///< holds identity documents
inline constexpr std::uint8_t cooperating = 0x08;  ///< cooperates with nationality determination
inline constexpr std::uint8_t detained = 0x10;     ///< in immigration detention
inline constexpr std::uint8_t transit = 0x20;      ///< transit through the origin's transit country can be shown
inline constexpr std::uint8_t refused = 0x40;      ///< a request was refused or withdrawn: casework waits before the next
}  // namespace flag

struct Migrants {
  std::vector<Status> status;
  std::vector<std::uint8_t> flags;            ///< Stage in the low bits, then flag:: bits
  std::vector<std::uint16_t> origin;          ///< origin country index
  std::vector<std::uint8_t> state;            ///< member state index (where the person is)
  std::vector<std::uint8_t> months_in_stage;  ///< saturating at 255; after a return: months since it
  std::vector<std::uint8_t> detention_months; ///< saturating at 255
  std::vector<std::int16_t> order_month;      ///< reported month the current order was issued (< 0: burn-in)

  /// Calls `visit(&Migrants::array)` for every array: the one list of an agent's state, which
  /// reserve and bytes_per_agent follow.
  template <class Visit>
  static constexpr void for_each_array(Visit&& visit) {
    visit(&Migrants::status);
    visit(&Migrants::flags);
    visit(&Migrants::origin);
    visit(&Migrants::state);
    visit(&Migrants::months_in_stage);
    visit(&Migrants::detention_months);
    visit(&Migrants::order_month);
  }

  [[nodiscard]] std::size_t size() const noexcept { return status.size(); }
  void reserve(std::size_t n);
  /// Appends one agent; returns its index.
  std::size_t add(Status s, std::uint16_t origin_index, std::uint8_t state_index, std::uint8_t flag_bits,
                  std::int16_t order_month_value);
  /// Bytes of state per agent (sum of the element sizes of all arrays).
  [[nodiscard]] static constexpr std::size_t bytes_per_agent() noexcept {
    std::size_t bytes = 0;
    for_each_array([&](auto array) { bytes += sizeof(typename std::remove_reference_t<decltype(Migrants{}.*array)>::value_type); });
    return bytes;
  }
};

[[nodiscard]] inline Stage stage_of(std::uint8_t flags) noexcept {
  return static_cast<Stage>(flags & flag::stage_mask);
}

[[nodiscard]] inline std::uint8_t with_stage(std::uint8_t flags, Stage s) noexcept {
  return static_cast<std::uint8_t>((flags & ~flag::stage_mask) | static_cast<std::uint8_t>(s));
}

/// The months a pass can do from an agent's entry alone, when they change nothing but a clock
/// (model/month.hpp, month_from_entry): the commonest months of the agents in the passes.
enum class Shortcut : std::uint8_t {
  none = 0,                ///< the month is done by agent_month
  waiting = 1,             ///< order to leave, waits for casework (stage none, not refused, not detained)
  waiting_documented = 2,  ///< the same, holding identity documents
  refused = 3,             ///< order to leave, stage none, waits to be submitted again after a refusal
  returned_voluntary = 4,  ///< returned voluntarily, within the re-migration window
  returned_forced = 5,     ///< removed, within the re-migration window
  // Set by the simulation for one month, never by pass_entry: people out of the waiting room for
  // an event, whose month the pass does.
  taken_up = 6,  ///< casework took the case up from its queue: the month with casework selecting it
  chooses = 7,   ///< picked to make a choice: which one (model::waiting_choice)
};

/// One agent in the simulation's monthly passes: its stable index and what its month needs when
/// it is a shortcut month (origin and member state stay fixed in all of them).
struct PassEntry {
  std::uint32_t agent = 0;   ///< stable index into Migrants: the key of its random streams
  std::uint16_t origin = 0;  ///< origin country index
  std::uint8_t state = 0;    ///< member state index
  Shortcut shortcut = Shortcut::none;
};

/// The pass entry of agent `i` as it stands.
[[nodiscard]] inline PassEntry pass_entry(const Migrants& m, std::uint32_t i) noexcept {
  const std::uint8_t f = m.flags[i];
  Shortcut shortcut = Shortcut::none;
  switch (m.status[i]) {
    case Status::order_to_leave:
      if ((f & (flag::stage_mask | flag::detained)) == 0) {
        shortcut = (f & flag::refused)      ? Shortcut::refused
                   : (f & flag::documented) ? Shortcut::waiting_documented
                                            : Shortcut::waiting;
      }
      break;
    case Status::returned_voluntary: shortcut = Shortcut::returned_voluntary; break;
    case Status::returned_forced: shortcut = Shortcut::returned_forced; break;
    default: break;
  }
  return PassEntry{i, m.origin[i], m.state[i], shortcut};
}

}  // namespace returnsim::model
