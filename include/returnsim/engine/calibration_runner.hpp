#pragma once
/// @file
/// Runs a calibration (SPEC §9): the ABC-SMC generations of engine/abc.hpp over the parallel runner
/// (engine/runner.hpp: TBB across runs, each run parallel inside), optionally over MPI ranks. Each
/// generation's proposals become runs (a particle x `replications` independent streams); every
/// finished run is reduced at once to the parts of its targets' and held-out checks' statistics
/// (engine/window_statistics.hpp) and handed to a store, which keeps them durably (io: the
/// calibration journal). Runs the store already holds (an interrupted calibration) are not run
/// again; since the proposals depend only on the seed and on earlier generations' results, a
/// resumed calibration ends exactly as an uninterrupted one.
///
/// Every run of a calibration has its own stream: derive_run_seed(seed, generation << 40 |
/// proposal x replications + replication). ABC needs independent noise per simulation (shared
/// noise would bias the acceptance); common random numbers are for the policy comparisons that
/// use the posterior (design: posterior in sweeps).
#include <cstdint>
#include <functional>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include "returnsim/engine/abc.hpp"
#include "returnsim/engine/runner.hpp"
#include "returnsim/engine/window_statistics.hpp"
#include "returnsim/scenario/calibration.hpp"

namespace returnsim::engine {

/// One run of a calibration.
struct SimulationKey {
  std::uint32_t generation = 0;
  std::uint32_t proposal = 0;
  std::uint32_t replication = 0;
  friend bool operator<(const SimulationKey& a, const SimulationKey& b) {
    return std::tie(a.generation, a.proposal, a.replication) < std::tie(b.generation, b.proposal, b.replication);
  }
  friend bool operator==(const SimulationKey& a, const SimulationKey& b) = default;
};

/// Keeps the statistic parts of finished runs (targets, then held-out checks).
class CalibrationStore {
 public:
  virtual ~CalibrationStore() = default;
  /// The parts of a run finished earlier, or null.
  [[nodiscard]] virtual const std::vector<StatisticParts>* find(const SimulationKey& key) const = 0;
  /// Keeps a finished run's parts (durably: a journal); called on the thread that called run_abc.
  virtual void keep(const SimulationKey& key, const std::vector<StatisticParts>& parts) = 0;
};

/// MPI ranks sharing a calibration (engine/mpi_session.hpp): rank 0 keeps the store and the
/// results; every rank proposes the same particles from the same results.
struct CalibrationCluster {
  int rank = 0;
  int size = 1;
  std::function<void(std::string&)> broadcast;                   ///< rank 0's bytes to every rank
  std::function<void(const RunResult&)> send;                    ///< ranks > 0: a finished run to rank 0
  std::function<std::optional<RunResult>()> try_receive;         ///< rank 0: a run from another rank
};

/// The seed of one calibration run.
[[nodiscard]] std::uint64_t calibration_run_seed(std::uint64_t seed, const SimulationKey& key, int replications);

/// The statistics parts of `run` for every target, then every held-out check.
[[nodiscard]] std::vector<StatisticParts> calibration_parts(const scenario::Calibration& calibration,
                                                             const RunResult& run);

/// Called after each generation with the algorithm's state.
using GenerationCallback = std::function<void(const AbcSmc&)>;

/// Runs the calibration to its end. `scenario_for` builds a run's scenario from RunInfo::factors
/// (the particle); `store` is rank 0's (null on the other ranks). Throws RunsFailed when runs
/// failed (the store keeps the others: resume).
void run_abc(AbcSmc& abc, const scenario::Calibration& calibration, const ScenarioForRun& scenario_for,
             std::int64_t months, CalibrationStore* store, const GenerationCallback& on_generation = {},
             const ProgressCallback& progress = {}, const CalibrationCluster* cluster = nullptr);

}  // namespace returnsim::engine
