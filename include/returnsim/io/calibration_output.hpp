#pragma once
/// @file
/// The files of a calibration (docs/calibration-format.md):
/// - its crash journal, CALIB.h5.journal: every finished run's statistic parts, checksummed and
///   forced to disk, so that `--resume` after a kill runs only what is missing and ends with the
///   file an uninterrupted calibration writes (engine/calibration_runner.hpp);
/// - its output, CALIB.h5: the posterior particles (one column per parameter path) and weights,
///   each generation's tolerance and acceptance rate, the runs spent, the targets and held-out
///   checks with the posterior-predictive mean, 5% and 95% of each, and every simulation; written
///   under a temporary name and renamed when whole. An existing output is never replaced without
///   --force, and OUTPUT.lock keeps a second process out.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "returnsim/engine/abc.hpp"
#include "returnsim/engine/calibration_runner.hpp"
#include "returnsim/io/calibration_loader.hpp"
#include "returnsim/io/output_file.hpp"
#include "returnsim/io/run_journal.hpp"

namespace returnsim::io {

/// Fingerprint of what decides a calibration's numbers: its file, its base scenario as the runs
/// see it, and the build. A journal or file with another fingerprint is never resumed.
[[nodiscard]] std::string calibration_fingerprint(const LoadedCalibration& loaded);

/// The output of a calibration while it runs: the store of finished runs (the journal) and, at the
/// end, the HDF5 file.
class CalibrationOutput final : public engine::CalibrationStore {
 public:
  /// Opens the output `path` (options as for sweeps: overwrite = --force, resume = --resume).
  /// Throws UsageError for a path that is not a regular file, an output another process writes,
  /// an existing output without --force, a leftover journal without --resume or --force, and a
  /// journal of another calibration.
  CalibrationOutput(std::string path, const LoadedCalibration& loaded, const OutputOptions& options);
  ~CalibrationOutput() override;

  /// True when --resume found the output already finished: nothing to run or write.
  [[nodiscard]] bool finished() const { return finished_; }
  /// Runs replayed from the journal.
  [[nodiscard]] std::size_t resumed_runs() const { return kept_.size(); }

  [[nodiscard]] const std::vector<engine::StatisticParts>* find(const engine::SimulationKey& key) const override;
  void keep(const engine::SimulationKey& key, const std::vector<engine::StatisticParts>& parts) override;

  /// Writes the HDF5 file from the finished algorithm (temporary name, then rename), then deletes
  /// the journal.
  void commit(const engine::AbcSmc& abc, const std::string& command_line);

 private:
  std::string path_;
  const LoadedCalibration& loaded_;
  std::string fingerprint_;
  OutputLock lock_;
  std::optional<RecordJournal> journal_;
  std::map<engine::SimulationKey, std::vector<engine::StatisticParts>> kept_;
  bool finished_ = false;
};

/// A summary of one figure over the final population: weighted mean, 5% and 95%.
struct Interval {
  double mean = 0, p05 = 0, p95 = 0;
};

/// What a calibration file holds, as `summary` and `design: posterior` read it.
struct CalibrationFile {
  std::string name;
  std::string fingerprint;
  std::string stop_reason;
  std::vector<scenario::CalibrationParameter> parameters;
  std::vector<std::vector<double>> particles;  ///< [particle][parameter]
  std::vector<double> weights;                  ///< [particle]
  std::vector<Interval> posterior;              ///< [parameter]
  struct Generation {
    double tolerance = 0, acceptance_rate = 0;
    std::int64_t runs_total = 0;
  };
  std::vector<Generation> generations;
  struct Figure {
    scenario::CalibrationTarget target;
    Interval predictive;
    double z = 0;  ///< (predictive mean - observed) / sd
  };
  std::vector<Figure> targets, held_out;
};

/// Reads a calibration file; UsageError when `path` is not one (exit 2).
[[nodiscard]] CalibrationFile read_calibration_file(const std::string& path);
/// True when `path` is an HDF5 file written by `returnsim calibrate`.
[[nodiscard]] bool is_calibration_output(const std::string& path);
/// The text `summary` prints for a calibration file: the posterior, the fit per target, the
/// held-out checks, and a warning when the targets are not reached.
[[nodiscard]] std::string format_calibration_summary(const CalibrationFile& file, const std::string& path);

}  // namespace returnsim::io
