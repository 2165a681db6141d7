#pragma once
/// @file
/// One run: builds the world and the population from a scenario, spins it up for
/// `simulation.burn_in_months` unreported months, then steps it month by month in the order of
/// SPEC §5 and reports each month of the horizon to an observer. Parallel inside (TBB over fixed
/// blocks of agents), bit-identical at any thread count. The rules of a month are the model's
/// (model/month.hpp); this file only orders them.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "returnsim/engine/waiting_room.hpp"
#include "returnsim/model/migrants.hpp"
#include "returnsim/model/month.hpp"
#include "returnsim/model/processes/context.hpp"
#include "returnsim/model/processes/forced_return.hpp"
#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/processes/statistics.hpp"
#include "returnsim/model/world.hpp"
#include "returnsim/scenario/scenario.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::engine {

/// What an observer sees at the end of a reported month. Counts are in agents; `agent_scale` people each.
struct MonthReport {
  std::uint32_t month = 0;  ///< reported month: 0 is simulation.start
  const model::World& world;
  const model::MonthCounts& counts;
  const model::processes::StateMonth& states;  ///< costs and recorded figures, people and EUR
  double agent_scale = 1;
};

/// Receives every month of a run (the HDF5 recorder in production, in-memory checks in tests).
class MonthObserver {
 public:
  virtual ~MonthObserver() = default;
  virtual void on_month(const MonthReport& report) = 0;
};

class Simulation {
 public:
  /// Agents per block of the parallel loops. Part of the model's definition of which capacity
  /// slot goes to whom: changing it changes results (not their distribution).
  static constexpr std::size_t kBlockSize = 4096;

  /// Keeps references to `scenario` and `burn_in_world`, which must outlive the simulation. The
  /// burn-in runs in `burn_in_world` when given (a sweep's world without the policy, so that every
  /// policy starts at month 0 from the same steady state), else in `scenario`; both must describe
  /// the same graph (ModelError otherwise). Levers, schedules and the Art. 25a cycle act from
  /// month 0 only.
  /// How absconded people's events are simulated: scheduled (drawn once per wait, the default),
  /// or drawn every month (the exact reference the scheduled form is tested against). The two
  /// give the same distributions, not the same draws.
  enum class Scheduling : std::uint8_t { events, every_month };

  Simulation(const scenario::Scenario& scenario, std::uint64_t run_seed,
             const scenario::Scenario* burn_in_world = nullptr, Scheduling scheduling = Scheduling::events);
  Simulation(scenario::Scenario&&, std::uint64_t, const scenario::Scenario* = nullptr,
             Scheduling = Scheduling::events) = delete;  // would dangle
  /// A copy of `burnt_in` (its burn-in done, month 0 next) that reports `scenario` from month 0:
  /// the same run as a simulation of `scenario` with the same seed and burn-in world, without
  /// simulating the burn-in again (a sweep's policies share it). `scenario` must describe the same
  /// graph and simulation section (ModelError otherwise) and outlive the copy.
  Simulation(const Simulation& burnt_in, const scenario::Scenario& scenario);

  /// Simulates the next month (a burn-in month first, while any is left) and reports it to
  /// `observer` (may be null) when it is a reported month.
  void step(MonthObserver* observer);
  /// Simulates the burn-in and all `simulation.months`; adds 1 to `months_done` after each
  /// simulated month when given. Throws Interrupted at the end of a month after request_stop().
  void run(MonthObserver* observer, std::atomic<std::int64_t>* months_done = nullptr);
  /// Simulates the remaining burn-in months only; throws Interrupted, as run does, at the end of a
  /// month after request_stop().
  void burn_in();

  /// From now on every agent's month is done by model::agent_month, also the months a pass can do
  /// from the agent's entry alone (model::month_from_entry): the reference those shortcuts
  /// must equal, run by the tests.
  void do_every_month_in_full() noexcept {
    every_month_in_full_ = true;
    room_open_ = false;  // before the first step: nobody is in the room yet
  }

  /// The reported month the next step simulates (negative while in the burn-in).
  [[nodiscard]] std::int32_t month() const noexcept { return static_cast<std::int32_t>(month_) - burn_in_months_; }
  [[nodiscard]] const model::World& world() const noexcept { return world_; }
  [[nodiscard]] model::World& world() noexcept { return world_; }
  [[nodiscard]] const model::Migrants& migrants() const noexcept { return migrants_; }
  /// Agents the monthly passes still visit (the others are dormant: model::is_dormant).
  [[nodiscard]] std::size_t active_agents() const noexcept;
  /// Agents asleep until their next event (Scheduling::events): pending applications, absconded
  /// people, returned people within the re-migration window (model::is_schedulable).
  [[nodiscard]] std::size_t sleeping_agents() const noexcept {
    std::int64_t n = 0;
    for (const auto s : sleeping_) n += s;
    return static_cast<std::size_t>(n);
  }
  /// People waiting out of the passes (Scheduling::events): orders to leave at liberty, not in
  /// casework (engine/waiting_room.hpp).
  [[nodiscard]] std::size_t waiting_agents() const noexcept { return static_cast<std::size_t>(room_.count); }
  /// Bytes the scheduling holds beside the agents' arrays: pass entries, calendars, the waiting room.
  [[nodiscard]] std::size_t scheduling_bytes() const noexcept;
  /// The counts of the month simulated last.
  [[nodiscard]] const model::MonthCounts& counts() const noexcept { return counts_; }

 private:
  /// Keys of an agent's event_wait draws within one month, so that no two waits share a draw.
  enum WaitDraw : std::uint32_t { after_pass = 0, at_start = 1, redrawn = 2, on_arrival = 3 };

  void census_and_plan();
  void agent_pass();
  /// The agents from `first` on (new ones) join the passes.
  void add_to_passes(std::size_t first);
  /// Sorts every agent into the passes or the dormant counts (the re-migration window grew); on
  /// the first call, schedules the absconded people's first events.
  void rebuild_passes();
  /// Puts `agent` (a schedulable status) to sleep until the calendar's month `wake`.
  void sleep_until(std::uint32_t agent, std::size_t wake);
  /// The calendar month of `agent`'s next event, `first_month` at the earliest (its `draw`-th
  /// wait draw of this month): the last bucket, beyond the run, when it comes later or never. A
  /// returned person's sleep starts at `first_month` (its clock advances when it wakes), and it
  /// wakes at the end of its re-migration window at the latest.
  [[nodiscard]] std::size_t wake_month(std::uint32_t agent, std::uint64_t first_month, std::uint32_t draw);
  /// A sleeping returned person's clock advanced by its months asleep (nothing for other agents).
  void advance_sleeping_clock(std::uint32_t agent);
  /// This month's event probabilities of the schedulable statuses (model::is_schedulable) and the
  /// re-migration window: the sleepers' waits stand while they do not change.
  [[nodiscard]] std::vector<double> event_probabilities() const;
  /// Agent `i` (waits_out_of_passes) starts a stay in the waiting room in calendar month `first`.
  void enter_waiting_room(std::uint32_t i, std::size_t first);
  /// The waiting room's list agent `i` belongs in as it stands (WaitingRoom::List of its pair).
  [[nodiscard]] std::size_t room_list_of(std::uint32_t i) const;
  /// The month in which the refusal's wait of member `i`, in the room since `since`, ends.
  [[nodiscard]] std::uint64_t resubmission_month(std::uint32_t i, std::uint64_t since) const;
  /// The refusal's wait of member `i` (since `since`) ends this month: its clock as the pass would have it.
  void end_refusal(std::uint32_t i, std::uint64_t since);
  /// The waiting room's month before the pass: casework's selections from its queues and the
  /// month's choosers leave it for the pass (model::Shortcut::taken_up, chooses), and the
  /// refusals whose wait ends this month are found.
  void start_waiting_room_month();
  /// After the pass: those refusals end for the people still in the room.
  void end_waiting_room_month();
  /// Calls visit(agent) for each of `agents`, prefetching the arrays of those a few places ahead.
  template <class Visit>
  void for_each_prefetched(const std::vector<std::uint32_t>& agents, Visit&& visit);
  /// Starts fetching the cache lines of agent `a`'s arrays.
  void prefetch_agent(std::uint32_t a) const noexcept {
    __builtin_prefetch(&since_[a]);
    model::Migrants::for_each_array([&](auto array) { __builtin_prefetch(&(migrants_.*array)[a]); });
  }
  static constexpr std::size_t kPassAhead = 8;
  /// Whether the waiting room's stays were scheduled with what holds this month.
  [[nodiscard]] bool waiting_room_current() const;
  /// Every member back to its block's pass (its clocks as they stand), the room emptied.
  void empty_waiting_room();
  /// This month's sleepers rejoin the passes for their event.
  void wake_sleepers();
  /// Every sleeper's wait drawn again from this month's probabilities (they changed).
  void redraw_sleepers();

  const scenario::Scenario* scenario_;
  std::uint64_t run_seed_;
  double agent_scale_;
  std::int32_t burn_in_months_;
  std::uint32_t month_ = 0;  ///< simulated months so far, burn-in included
  model::World world_;
  model::Migrants migrants_;
  model::processes::MonthContext context_;
  model::processes::PipelinePlan plan_;
  model::MonthCounts counts_;
  model::processes::StateMonth state_month_;
  /// Per block of kBlockSize agent indices: the agents the passes visit (in index order, woken
  /// sleepers appended), each with what its shortcut month needs (model::PassEntry). Dormant
  /// agents leave (they would only count in their status) and are counted in dormant_count_.
  std::vector<std::vector<model::PassEntry>> block_agents_;
  std::vector<model::processes::BlockKeys> block_keys_;  ///< per block: the census, then the first ranks
  std::vector<std::int64_t> block_detained_;
  std::array<std::int64_t, model::kStatusCount> dormant_count_{};  ///< agents left out of the passes, per Status
  int passes_window_ = -1;  ///< the re-migration window (months) the passes were sorted for
  Scheduling scheduling_;
  bool every_month_in_full_ = false;  ///< do_every_month_in_full()
  /// Per simulated month, the agents who wake for an event then (model::is_schedulable; the last
  /// bucket: beyond the run). Sleepers are out of the passes and counted here.
  std::vector<std::vector<std::uint32_t>> calendar_;
  std::vector<std::vector<std::uint32_t>> block_new_sleepers_;  ///< per block, this month's
  std::vector<std::int64_t> sleeping_per_pair_;                 ///< absconded sleepers per pair
  std::array<std::int64_t, model::kStatusCount> sleeping_{};    ///< sleepers per Status
  std::vector<double> sleepers_probabilities_;  ///< event_probabilities() the sleepers' waits were drawn with
  bool calendar_started_ = false;
  /// Per agent: the simulated month its time out of the passes began, a stay in the waiting room
  /// or a returned person's sleep (whose clock is then advanced when it wakes); kInPasses otherwise.
  std::vector<std::uint16_t> since_;
  static constexpr std::uint16_t kInPasses = 0xffff;
  WaitingRoom room_;
  bool room_open_ = false;  ///< the waiting room is used (Scheduling::events, shortcuts on)
  std::vector<std::vector<std::uint32_t>> block_new_waiting_;  ///< per block, this month's entrants to the room
  /// A refusal of the waiting room whose wait ends this month: its stay and its place in its list.
  struct RoomRefusalEnd {
    std::uint32_t agent;
    std::uint16_t since;
    std::size_t list, position;
  };
  std::vector<RoomRefusalEnd> room_ending_;
  struct ThreadCounts;
  /// The threads' tallies and scratch (ThreadCounts); a copy of the simulation gets its own.
  struct ThreadScratch {
    std::unique_ptr<ThreadCounts> counts;
    ThreadScratch();
    ThreadScratch(const ThreadScratch& other);
    ThreadScratch(ThreadScratch&&) noexcept;
    ThreadScratch& operator=(const ThreadScratch&) = delete;
    ThreadScratch& operator=(ThreadScratch&&) = delete;
    ~ThreadScratch();
    ThreadCounts* operator->() const noexcept { return counts.get(); }
  };
  ThreadScratch thread_counts_;

  /// Every member copied (the copy for another scenario starts from it).
  Simulation(const Simulation&);

 public:
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) = delete;
  Simulation& operator=(const Simulation&) = delete;
};

template <class Visit>
inline void Simulation::for_each_prefetched(const std::vector<std::uint32_t>& agents, Visit&& visit) {
  // The agents are scattered over the arrays: fetch the cache lines of the agent a few places
  // ahead while this one is done, so that the misses overlap.
  constexpr std::size_t kAhead = 8;
  for (std::size_t k = 0; k < agents.size(); ++k) {
    if (k + kAhead < agents.size()) prefetch_agent(agents[k + kAhead]);
    visit(agents[k]);
  }
}

/// Asks every running simulation to stop at the end of its month (async-signal-safe: the CLI
/// calls it from its SIGINT/SIGTERM/SIGHUP handler). Simulation::run then throws Interrupted.
void request_stop() noexcept;
[[nodiscard]] bool stop_requested() noexcept;

/// A run stopped by request_stop(): nothing of it is written.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

/// Months a run of `scenario` simulates: its burn-in and its reported horizon.
[[nodiscard]] inline std::int64_t simulated_months(const scenario::Scenario& scenario) noexcept {
  return static_cast<std::int64_t>(scenario.simulation.burn_in_months) + scenario.simulation.months;
}

}  // namespace returnsim::engine
