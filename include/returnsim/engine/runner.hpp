#pragma once
/// @file
/// Runs a plan of runs in parallel (TBB; each run is itself parallel inside) and hands every
/// finished run to one sink on the calling thread, so that HDF5 is only ever called from one
/// thread. At most `2 x threads` finished runs wait in memory.
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "returnsim/engine/run_result.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::engine {

/// Receives finished runs, one at a time, on the thread that called execute_runs.
class RunSink {
 public:
  virtual ~RunSink() = default;
  virtual void write(const RunResult& result) = 0;
};

/// Called on the calling thread about every 200 ms with (months done, months in all).
using ProgressCallback = std::function<void(std::int64_t done, std::int64_t total)>;

/// The scenarios of one run: the one it reports (a sweep's policy in its sampled world) and the
/// one its burn-in runs in (the sampled world without the policy, so that every policy starts
/// from the same steady state; null: the run's own).
struct RunScenarios {
  std::shared_ptr<const scenario::Scenario> scenario;
  std::shared_ptr<const scenario::Scenario> burn_in_world;
};

/// Whether the runner needs a run's burn-in world: not when the run starts from a burn-in another
/// run of its group simulated (BurnIns::shared_by_policies).
enum class BurnInWorld : std::uint8_t { needed, not_needed };

/// The scenarios of one run (`burn_in_world` may stay null when BurnInWorld::not_needed). Called
/// from worker threads: it must be safe to call concurrently. The scenarios live as long as the
/// returned pointers.
using ScenarioForRun = std::function<RunScenarios(const RunInfo&, BurnInWorld)>;

/// Every run gets `scenario` (not owned: it must outlive the runs).
[[nodiscard]] ScenarioForRun same_scenario(const scenario::Scenario& scenario);

/// Runs finished elsewhere (by other MPI ranks) that the calling thread hands to the same sink,
/// interleaved with the local ones.
struct RemoteRuns {
  std::size_t expected = 0;                                 ///< how many will arrive
  std::function<std::optional<RunResult>()> try_receive;    ///< non-blocking; on the calling thread
};

/// A run that failed (an exception inside it: out of memory, a model error) and why.
struct RunFailure {
  RunInfo info;
  std::string reason;
};

/// Thrown by execute_runs after every other run has finished and been written, when some runs
/// failed: those are not written, so that a resumed sweep runs them again.
class RunsFailed : public Error {
 public:
  explicit RunsFailed(std::vector<RunFailure> failures);
  [[nodiscard]] const std::vector<RunFailure>& failures() const { return failures_; }

 private:
  std::vector<RunFailure> failures_;
};

/// Whose burn-in a run simulates.
enum class BurnIns : std::uint8_t {
  per_run,  ///< every run its own
  /// Runs with the same sample, replication and seed (a sweep's policies in one world and
  /// replication: engine::sweep_plan) share one: the caller guarantees that their scenarios give
  /// them the same burn-in world (io::sweep_scenarios does). It is simulated once and copied for
  /// each run at month 0 (Simulation's copy for another scenario): the same output, less work.
  shared_by_policies,
};

/// For each run of `plan`, its group of runs that BurnIns::shared_by_policies gives one burn-in
/// (the same sample, replication and seed), the groups numbered in the order of their first run.
[[nodiscard]] std::vector<std::size_t> burn_in_group_of(const std::vector<RunInfo>& plan);

/// The part, 0..parts-1, that each run of `runs` is dealt to (MPI ranks, shards): whole burn-in
/// groups (burn_in_group_of) round-robin when there are at least as many groups as parts, so that
/// a world's policies share their burn-in in their part; else single runs round-robin, so that
/// every part has work.
[[nodiscard]] std::vector<std::size_t> deal_runs(const std::vector<RunInfo>& runs, std::size_t parts);

/// Runs every run of `plan`, each with its own scenario; every run simulates `months` months
/// (burn-in included: engine::simulated_months). With `remote`, also waits for and writes
/// `remote->expected` runs received from elsewhere. A run that throws never affects another one:
/// its neighbours finish and are written, it is not, and RunsFailed names it at the end (a shared
/// burn-in that throws fails the runs that share it).
void execute_runs(const ScenarioForRun& scenario_for, std::int64_t months, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress = {}, const RemoteRuns* remote = nullptr,
                  BurnIns burn_ins = BurnIns::per_run);

/// Runs every run of `plan` with the same scenario (`returnsim run`).
void execute_runs(const scenario::Scenario& scenario, const std::vector<RunInfo>& plan, RunSink& sink,
                  const ProgressCallback& progress = {});

}  // namespace returnsim::engine
