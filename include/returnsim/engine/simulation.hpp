#pragma once
/// @file
/// One run: builds the world and the population from a scenario, steps it month by month in the
/// order of SPEC §5, and reports each month to an observer. Parallel inside (TBB over fixed
/// blocks of agents), bit-identical at any thread count.
#include <atomic>
#include <cstdint>
#include <memory>

#include "returnsim/model/migrants.hpp"
#include "returnsim/model/processes/context.hpp"
#include "returnsim/model/processes/forced_return.hpp"
#include "returnsim/model/processes/month_counts.hpp"
#include "returnsim/model/processes/statistics.hpp"
#include "returnsim/model/world.hpp"
#include "returnsim/scenario/scenario.hpp"

namespace returnsim::engine {

/// What an observer sees at the end of a month. Counts are in agents; `agent_scale` people each.
struct MonthReport {
  std::uint32_t month = 0;
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

  /// Keeps a reference to `scenario`, which must outlive the simulation.
  Simulation(const scenario::Scenario& scenario, std::uint64_t run_seed);
  Simulation(scenario::Scenario&&, std::uint64_t) = delete;  // would dangle

  /// Simulates the next month and reports it to `observer` (may be null).
  void step(MonthObserver* observer);
  /// Simulates all `simulation.months`; adds 1 to `months_done` after each month when given.
  void run(MonthObserver* observer, std::atomic<std::int64_t>* months_done = nullptr);

  [[nodiscard]] std::uint32_t month() const noexcept { return month_; }
  [[nodiscard]] const model::World& world() const noexcept { return world_; }
  [[nodiscard]] model::World& world() noexcept { return world_; }
  [[nodiscard]] const model::Migrants& migrants() const noexcept { return migrants_; }

 private:
  void census_and_plan();
  void agent_pass();

  const scenario::Scenario* scenario_;
  std::uint64_t run_seed_;
  double agent_scale_;
  std::uint32_t month_ = 0;
  model::World world_;
  model::Migrants migrants_;
  model::processes::MonthContext context_;
  model::processes::PipelinePlan plan_;
  model::MonthCounts counts_;
  model::processes::StateMonth state_month_;
  std::vector<std::int64_t> block_counts_;
  std::vector<std::int64_t> block_detained_;
  struct ThreadCounts;
  std::unique_ptr<ThreadCounts> thread_counts_;

 public:
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) = delete;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
};

}  // namespace returnsim::engine
