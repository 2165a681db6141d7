#include "returnsim/engine/calibration_runner.hpp"

#include <cstring>
#include <map>

#include "returnsim/util/errors.hpp"
#include "returnsim/util/rng.hpp"

namespace returnsim::engine {

std::uint64_t calibration_run_seed(std::uint64_t seed, const SimulationKey& key, int replications) {
  const std::uint64_t within = static_cast<std::uint64_t>(key.proposal) * static_cast<std::uint64_t>(replications) +
                               key.replication;
  return derive_run_seed(seed, (static_cast<std::uint64_t>(key.generation) << 40) | within);
}

std::vector<StatisticParts> calibration_parts(const scenario::Calibration& calibration, const RunResult& run) {
  std::vector<StatisticParts> out;
  for (const auto* list : {&calibration.targets, &calibration.held_out}) {
    for (const auto& target : *list) {
      const WindowStatistic* statistic = find_window_statistic(target.statistic);
      if (statistic == nullptr) throw ModelError("calibration: unknown statistic " + target.statistic);
      out.push_back(window_parts(run, *statistic,
                                 {target.first_month, target.last_month, target.origin_index, target.state_index}));
    }
  }
  return out;
}

namespace {

/// Bytes of a vector of vectors of doubles (rank 0 -> every rank).
std::string pack(const std::vector<std::vector<double>>& rows) {
  std::string out;
  auto put = [&](const void* data, std::size_t n) { out.append(static_cast<const char*>(data), n); };
  const std::uint64_t count = rows.size();
  put(&count, 8);
  for (const auto& row : rows) {
    const std::uint64_t n = row.size();
    put(&n, 8);
    put(row.data(), n * sizeof(double));
  }
  return out;
}

std::vector<std::vector<double>> unpack(const std::string& bytes) {
  std::vector<std::vector<double>> rows;
  std::size_t at = 0;
  auto get = [&](void* data, std::size_t n) {
    if (at + n > bytes.size()) throw ModelError("calibration: a short message between ranks");
    std::memcpy(data, bytes.data() + at, n);
    at += n;
  };
  std::uint64_t count = 0;
  get(&count, 8);
  rows.resize(count);
  for (auto& row : rows) {
    std::uint64_t n = 0;
    get(&n, 8);
    row.resize(n);
    get(row.data(), n * sizeof(double));
  }
  return rows;
}

/// Rank 0's sink: every finished run (local or from another rank) reduced to its parts and kept.
class PartsSink final : public RunSink {
 public:
  PartsSink(const scenario::Calibration& calibration, const std::vector<SimulationKey>& keys, CalibrationStore& store)
      : calibration_(calibration), keys_(keys), store_(store) {}
  void write(const RunResult& run) override {
    if (run.info.index >= keys_.size()) throw ModelError("calibration: a run outside the generation's plan");
    store_.keep(keys_[run.info.index], calibration_parts(calibration_, run));
  }

 private:
  const scenario::Calibration& calibration_;
  const std::vector<SimulationKey>& keys_;
  CalibrationStore& store_;
};

class SendSink final : public RunSink {
 public:
  explicit SendSink(const CalibrationCluster& cluster) : cluster_(cluster) {}
  void write(const RunResult& run) override { cluster_.send(run); }

 private:
  const CalibrationCluster& cluster_;
};

}  // namespace

void run_abc(AbcSmc& abc, const scenario::Calibration& calibration, const ScenarioForRun& scenario_for,
             std::int64_t months, CalibrationStore* store_pointer, const GenerationCallback& on_generation,
             const ProgressCallback& progress, const CalibrationCluster* cluster) {
  const int replications = std::max(1, calibration.method.replications);
  const int rank = cluster != nullptr ? cluster->rank : 0;
  const int ranks = cluster != nullptr ? cluster->size : 1;
  if ((rank == 0) != (store_pointer != nullptr)) throw ModelError("calibration: rank 0, and only rank 0, keeps the store");
  while (!abc.finished()) {
    const std::vector<AbcProposal> proposals = abc.propose();
    // Every run of the generation, by position; those not yet in the store are to do.
    std::vector<SimulationKey> keys;
    std::vector<RunInfo> plan;
    for (const auto& p : proposals) {
      if (!p.in_support) continue;
      for (int r = 0; r < replications; ++r) {
        const SimulationKey key{static_cast<std::uint32_t>(p.generation), static_cast<std::uint32_t>(p.index),
                                static_cast<std::uint32_t>(r)};
        RunInfo info;
        info.index = keys.size();
        info.policy = "calibration";
        info.sample = static_cast<std::int64_t>(p.index);
        info.replication = r;
        info.seed = calibration_run_seed(calibration.seed, key, replications);
        info.factors = p.theta;
        keys.push_back(key);
        plan.push_back(std::move(info));
      }
    }
    // Rank 0 decides what is left to do (it alone holds the store) and deals it to the ranks.
    std::vector<std::vector<double>> todo_rows(1);
    if (rank == 0) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (store_pointer->find(keys[i]) == nullptr) todo_rows[0].push_back(static_cast<double>(i));
      }
    }
    if (ranks > 1) {
      std::string bytes = rank == 0 ? pack(todo_rows) : std::string();
      cluster->broadcast(bytes);
      todo_rows = unpack(bytes);
    }
    std::vector<RunInfo> mine;
    for (std::size_t j = 0; j < todo_rows[0].size(); ++j) {
      if (static_cast<int>(j % static_cast<std::size_t>(ranks)) == rank) {
        mine.push_back(plan[static_cast<std::size_t>(todo_rows[0][j])]);
      }
    }
    if (rank != 0) {
      SendSink sink(*cluster);
      execute_runs(scenario_for, months, mine, sink);
    } else {
      PartsSink sink(calibration, keys, *store_pointer);
      const RemoteRuns remote{todo_rows[0].size() - mine.size(), cluster != nullptr ? cluster->try_receive : nullptr};
      execute_runs(scenario_for, months, mine, sink, progress, ranks > 1 ? &remote : nullptr);
    }
    // Rank 0 pools each particle's replications (in replication order) and tells every rank.
    std::vector<std::vector<double>> statistics(proposals.size());
    if (rank == 0) {
      std::size_t at = 0;
      for (std::size_t i = 0; i < proposals.size(); ++i) {
        if (!proposals[i].in_support) continue;
        std::vector<StatisticParts> pooled;
        for (int r = 0; r < replications; ++r, ++at) {
          const std::vector<StatisticParts>* parts = store_pointer->find(keys[at]);
          if (parts == nullptr) throw ModelError("calibration: a finished run is missing from the store");
          if (pooled.empty()) pooled.resize(parts->size());
          for (std::size_t s = 0; s < parts->size(); ++s) pooled[s] += (*parts)[s];
        }
        for (const auto& part : pooled) statistics[i].push_back(part.value());
      }
    }
    if (ranks > 1) {
      std::string bytes = rank == 0 ? pack(statistics) : std::string();
      cluster->broadcast(bytes);
      statistics = unpack(bytes);
    }
    abc.update(statistics);
    if (on_generation) on_generation(abc);
  }
}

}  // namespace returnsim::engine
