#include "returnsim/io/calibration_output.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <cinttypes>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "h5_file.hpp"
#include "returnsim/engine/run_codec.hpp"
#include "returnsim/io/yaml_tree.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/version.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;

namespace {

constexpr RecordJournal::Magic kCalibrationMagic = {'R', 'S', 'C', 'A', 'L', 'I', 'B', '1'};
constexpr const char* kFileKind = "returnsim calibration";

std::uint64_t journal_fingerprint(const std::string& fingerprint) { return engine::fnv1a64("calibration " + fingerprint); }

/// A journal record: generation, proposal, replication, count (u32 each), then count x (numerator,
/// denominator) as doubles.
std::string encode_record(const engine::SimulationKey& key, const std::vector<engine::StatisticParts>& parts) {
  std::string out(16 + 16 * parts.size(), '\0');
  const std::uint32_t head[4] = {key.generation, key.proposal, key.replication, static_cast<std::uint32_t>(parts.size())};
  std::memcpy(out.data(), head, 16);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::memcpy(out.data() + 16 + 16 * i, &parts[i].numerator, 8);
    std::memcpy(out.data() + 24 + 16 * i, &parts[i].denominator, 8);
  }
  return out;
}

bool decode_record(const std::string& bytes, std::size_t expected, engine::SimulationKey& key,
                   std::vector<engine::StatisticParts>& parts) {
  if (bytes.size() < 16) return false;
  std::uint32_t head[4];
  std::memcpy(head, bytes.data(), 16);
  if (head[3] != expected || bytes.size() != 16 + 16 * static_cast<std::size_t>(head[3])) return false;
  key = {head[0], head[1], head[2]};
  parts.resize(head[3]);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::memcpy(&parts[i].numerator, bytes.data() + 16 + 16 * i, 8);
    std::memcpy(&parts[i].denominator, bytes.data() + 24 + 16 * i, 8);
  }
  return true;
}

bool is_finished_calibration(const std::string& path, const std::string& fingerprint) {
  h5::silence_errors();
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0 || !h5::has_attribute(file, "calibration_fingerprint")) return false;
  return h5::read_string_attribute(file, "calibration_fingerprint") == fingerprint;
}

// --- writing --------------------------------------------------------------------------------

/// A small self-describing HDF5 file: coordinates as dimension scales, units and descriptions.
class FileWriter {
 public:
  explicit FileWriter(const std::string& path) : path_(path) {
    h5::silence_errors();
    h5::Handle fcpl = h5::property_list(H5P_FILE_CREATE);
    h5::check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "fcpl");
    h5::check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "fcpl");
    file_ = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "cannot create " + path);
  }
  [[nodiscard]] hid_t file() const { return file_.get(); }

  void text_coordinate(const std::string& name, const std::vector<std::string>& labels, const std::string& description) {
    sizes_[name] = labels.size();
    const hid_t ds = strings(name, {name}, labels, "", description, false);
    h5::check(H5DSset_scale(ds, name.c_str()), "dimension scale " + name);
  }
  void index_coordinate(const std::string& name, std::size_t n, const std::string& description) {
    std::vector<std::int64_t> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<std::int64_t>(i);
    sizes_[name] = n;
    const hid_t ds = create(name, H5T_STD_I64LE, {n}, "1", description);
    if (n > 0) write(ds, H5T_NATIVE_INT64, values.data());
    h5::check(H5DSset_scale(ds, name.c_str()), "dimension scale " + name);
    scales_[name] = ds;
  }
  void doubles(const std::string& name, const std::vector<std::string>& dims, const std::vector<double>& values,
               const std::string& units, const std::string& description) {
    const hid_t ds = create(name, H5T_IEEE_F64LE, shape(dims), units, description);
    if (!values.empty()) write(ds, H5T_NATIVE_DOUBLE, values.data());
    attach(ds, dims);
  }
  void integers(const std::string& name, const std::vector<std::string>& dims, const std::vector<std::int64_t>& values,
                const std::string& units, const std::string& description) {
    const hid_t ds = create(name, H5T_STD_I64LE, shape(dims), units, description);
    if (!values.empty()) write(ds, H5T_NATIVE_INT64, values.data());
    attach(ds, dims);
  }
  hid_t strings(const std::string& name, const std::vector<std::string>& dims, const std::vector<std::string>& values,
                const std::string& units, const std::string& description, bool attach_scales = true) {
    h5::Handle type = h5::vlen_string_type();
    const hid_t ds = create(name, type, {values.size()}, units, description);
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    if (!values.empty()) write(ds, type, pointers.data());
    if (attach_scales) attach(ds, dims);
    else scales_[name] = ds;
    return ds;
  }
  void close() {
    datasets_.clear();
    scales_.clear();
    h5::check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + path_);
    file_.reset();
  }

 private:
  std::vector<hsize_t> shape(const std::vector<std::string>& dims) const {
    std::vector<hsize_t> out;
    for (const auto& d : dims) out.push_back(sizes_.at(d));
    return out;
  }
  hid_t create(const std::string& name, hid_t type, const std::vector<hsize_t>& dims, const std::string& units,
               const std::string& description) {
    h5::Handle space = h5::simple_space(dims);
    h5::Handle dcpl = h5::property_list(H5P_DATASET_CREATE);
    h5::check(H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "dcpl");
    h5::Handle ds = h5::checked(H5Dcreate2(file_, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
                                "cannot create dataset " + name + " in " + path_);
    if (!units.empty()) h5::write_string_attribute(ds, "units", units);
    h5::write_string_attribute(ds, "description", description);
    const hid_t id = ds.get();
    datasets_.push_back(std::move(ds));
    return id;
  }
  void write(hid_t ds, hid_t memtype, const void* values) {
    h5::check(H5Dwrite(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), "write " + path_);
  }
  void attach(hid_t ds, const std::vector<std::string>& dims) {
    for (unsigned i = 0; i < dims.size(); ++i) {
      h5::check(H5DSattach_scale(ds, scales_.at(dims[i]), i), "attach dimension " + dims[i]);
    }
  }

  std::string path_;
  h5::Handle file_;
  std::vector<h5::Handle> datasets_;
  std::map<std::string, hid_t> scales_;
  std::map<std::string, hsize_t> sizes_;

 public:
  /// Declares the size of a dimension before its coordinate is written.
  void dimension(const std::string& name, std::size_t n) { sizes_[name] = n; }
};

Interval weighted_interval(const std::vector<double>& values, const std::vector<double>& weights) {
  double total = 0, mean = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    total += weights[i];
    mean += weights[i] * values[i];
  }
  return {total > 0 ? mean / total : std::nan(""), engine::weighted_quantile(values, weights, 0.05),
          engine::weighted_quantile(values, weights, 0.95)};
}

}  // namespace

std::string calibration_fingerprint(const LoadedCalibration& loaded) {
  return sweep_fingerprint(loaded.effective_yaml, emit_yaml(loaded.runs.base_tree));
}

CalibrationOutput::CalibrationOutput(std::string path, const LoadedCalibration& loaded, const OutputOptions& options)
    : path_(regular_output(std::move(path))), loaded_(loaded), fingerprint_(calibration_fingerprint(loaded)), lock_(path_) {
  const std::string journal_path = path_ + ".journal";
  const bool have_journal = fs::exists(journal_path), have_output = fs::exists(path_);
  const std::uint64_t fp = journal_fingerprint(fingerprint_);
  const std::size_t statistics = loaded.calibration.targets.size() + loaded.calibration.held_out.size();
  if (options.resume && have_output && is_finished_calibration(path_, fingerprint_)) {
    if (have_journal) RecordJournal::reopen(journal_path, kCalibrationMagic, fp, [](std::string&&) { return true; }, "calibration").remove();
    finished_ = true;
    return;
  }
  if (options.resume && have_journal) {
    journal_.emplace(RecordJournal::reopen(journal_path, kCalibrationMagic, fp, [&](std::string&& bytes) {
      engine::SimulationKey key;
      std::vector<engine::StatisticParts> parts;
      if (!decode_record(bytes, statistics, key, parts)) return false;
      kept_.emplace(key, std::move(parts));
      return true;
    }, "calibration"));
    return;
  }
  if (have_output && !options.overwrite) {
    throw UsageError(path_ + " exists" + (options.resume ? " and is not a finished output of this calibration" : "") +
                     "; use --force to overwrite it");
  }
  if (have_journal && !options.overwrite && !options.resume) {
    throw UsageError(journal_path + " exists: a calibration writing " + path_ +
                     " was interrupted; add --resume to finish it, or --force to start over");
  }
  journal_.emplace(RecordJournal::create(journal_path, kCalibrationMagic, fp));
}

CalibrationOutput::~CalibrationOutput() = default;

const std::vector<engine::StatisticParts>* CalibrationOutput::find(const engine::SimulationKey& key) const {
  const auto it = kept_.find(key);
  return it == kept_.end() ? nullptr : &it->second;
}

void CalibrationOutput::keep(const engine::SimulationKey& key, const std::vector<engine::StatisticParts>& parts) {
  if (kept_.count(key) != 0) return;  // replayed and finished again before a crash: the same run
  journal_->append(encode_record(key, parts));
  kept_.emplace(key, parts);
}

void CalibrationOutput::commit(const engine::AbcSmc& abc, const std::string& command_line) {
  if (finished_) return;
  const scenario::Calibration& c = loaded_.calibration;
  const std::string temp = path_ + ".tmp-" + std::to_string(::getpid());
  try {
    FileWriter w(temp);
    const hid_t root = w.file();
    h5::write_string_attribute(root, "title", "returnsim calibration: " + c.name);
    h5::write_string_attribute(root, "file_kind", kFileKind);
    h5::write_string_attribute(root, "source", std::string("returnsim ") + kVersion);
    h5::write_string_attribute(root, "returnsim_version", kVersion);
    h5::write_string_attribute(root, "source_revision", kSourceRevision);
    h5::write_string_attribute(root, "creation_time", h5::utc_now());
    h5::write_string_attribute(root, "command_line", command_line);
    h5::write_string_attribute(root, "history", h5::utc_now() + ": " + command_line);
    h5::write_string_attribute(root, "hdf5_version", h5::library_version());
    h5::write_string_attribute(root, "method",
                               "ABC-SMC: adaptive population Monte Carlo (Lenormand, Jabot and Deffuant 2013, "
                               "Computational Statistics 28:2777-2796); distance: root mean square of (simulated - "
                               "observed) / sd over the targets");
    h5::write_string_attribute(root, "stop_reason", abc.stop_reason());
    h5::write_string_attribute(root, "calibration_name", c.name);
    {
      h5::Handle group = h5::create_group(root, "provenance", "the calibration file");
      h5::write_text_dataset(group, "calibration_yaml", loaded_.effective_yaml, "the calibration file with its defaults");
      h5::write_text_dataset(group, "base_yaml", emit_yaml(loaded_.runs.base_tree),
                             "the base scenario as the runs saw it (agent_scale and set applied)");
    }
    h5::write_string_attribute(root, "calibration_fingerprint", fingerprint_);

    const auto& population = abc.population();
    const std::size_t k = c.parameters.size(), n = population.size();
    // Parameters and their priors.
    std::vector<std::string> paths, priors;
    std::vector<double> lows, highs, means, sds;
    for (const auto& p : c.parameters) {
      paths.push_back(p.path);
      priors.push_back(scenario::prior_name(p.prior));
      lows.push_back(p.low);
      highs.push_back(p.high);
      means.push_back(p.prior == scenario::Prior::normal ? p.mean : std::nan(""));
      sds.push_back(p.prior == scenario::Prior::normal ? p.sd : std::nan(""));
    }
    w.text_coordinate("parameter", paths, "dotted path of each calibrated scenario value");
    w.strings("prior", {"parameter"}, priors, "", "prior distribution: uniform, loguniform or normal (truncated)");
    w.doubles("prior_low", {"parameter"}, lows, "", "lower end of the prior's support");
    w.doubles("prior_high", {"parameter"}, highs, "", "upper end of the prior's support");
    w.doubles("prior_mean", {"parameter"}, means, "", "normal prior: mean (NaN otherwise)");
    w.doubles("prior_sd", {"parameter"}, sds, "", "normal prior: standard deviation (NaN otherwise)");
    // The posterior: the final population.
    w.index_coordinate("particle", n, "particle of the final population");
    std::vector<double> values(n * k), weights(n), distances(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < k; ++j) values[i * k + j] = population[i].theta[j];
      weights[i] = population[i].weight;
      distances[i] = population[i].distance;
    }
    w.doubles("posterior", {"particle", "parameter"}, values, "",
              "posterior particles: one column per parameter path (draw with the weights)");
    w.doubles("weight", {"particle"}, weights, "1", "importance weight of each particle (not normalised)");
    w.doubles("distance", {"particle"}, distances, "1", "distance of the particle's simulation to the targets (sd units, RMS)");
    std::vector<double> mean(k), p05(k), p95(k);
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<double> column(n);
      for (std::size_t i = 0; i < n; ++i) column[i] = population[i].theta[j];
      const Interval iv = weighted_interval(column, weights);
      mean[j] = iv.mean;
      p05[j] = iv.p05;
      p95[j] = iv.p95;
    }
    w.doubles("posterior_mean", {"parameter"}, mean, "", "weighted posterior mean");
    w.doubles("posterior_p05", {"parameter"}, p05, "", "5% weighted posterior quantile");
    w.doubles("posterior_p95", {"parameter"}, p95, "", "95% weighted posterior quantile");
    // Generations.
    const auto& generations = abc.generations();
    w.index_coordinate("generation", generations.size(), "generation of the algorithm");
    std::vector<double> tolerance, acceptance;
    std::vector<std::int64_t> proposals, simulated, runs;
    for (const auto& g : generations) {
      tolerance.push_back(g.tolerance);
      acceptance.push_back(g.acceptance_rate);
      proposals.push_back(static_cast<std::int64_t>(g.proposals));
      simulated.push_back(static_cast<std::int64_t>(g.simulated));
      runs.push_back(static_cast<std::int64_t>(g.runs_total));
    }
    w.doubles("tolerance", {"generation"}, tolerance, "1", "tolerance after the generation (sd units, RMS over targets)");
    w.doubles("acceptance_rate", {"generation"}, acceptance, "1",
              "share of the generation's new particles within the previous tolerance (generation 0: 1)");
    w.integers("proposals", {"generation"}, proposals, "1", "particles proposed (in or out of the prior's support)");
    w.integers("simulated", {"generation"}, simulated, "1", "particles simulated (inside the support)");
    w.integers("runs_total", {"generation"}, runs, "1", "runs spent so far (particles x replications)");
    // Targets and held-out checks with their posterior-predictive summaries.
    auto figures = [&](const std::string& dim, const std::vector<scenario::CalibrationTarget>& list, std::size_t offset,
                       const std::string& what) {
      std::vector<std::string> names, statistics, origins, states, sources;
      std::vector<std::int64_t> first, last;
      std::vector<double> observed, sd, pm, pl, ph, simulated_values(n * list.size());
      for (std::size_t t = 0; t < list.size(); ++t) {
        const auto& target = list[t];
        names.push_back(target.name);
        statistics.push_back(target.statistic);
        origins.push_back(target.origin);
        states.push_back(target.member_state);
        sources.push_back(target.source);
        first.push_back(target.first_month);
        last.push_back(target.last_month);
        observed.push_back(target.observed);
        sd.push_back(target.sd);
        std::vector<double> column(n);
        for (std::size_t i = 0; i < n; ++i) {
          column[i] = population[i].statistics.at(offset + t);
          simulated_values[i * list.size() + t] = column[i];
        }
        const Interval iv = weighted_interval(column, weights);
        pm.push_back(iv.mean);
        pl.push_back(iv.p05);
        ph.push_back(iv.p95);
      }
      w.text_coordinate(dim, names, what);
      w.strings(dim + "_kpi", {dim}, statistics, "", "the statistic (engine/window_statistics.hpp)");
      w.strings(dim + "_origin", {dim}, origins, "", "origin id; empty: all");
      w.strings(dim + "_member_state", {dim}, states, "", "member state id; empty: all");
      w.integers(dim + "_first_month", {dim}, first, "1", "first reported month of the window");
      w.integers(dim + "_last_month", {dim}, last, "1", "last reported month of the window (included)");
      w.doubles(dim + "_observed", {dim}, observed, "", "the published figure");
      w.doubles(dim + "_sd", {dim}, sd, "", "its uncertainty");
      w.strings(dim + "_source", {dim}, sources, "", "source of the published figure");
      w.doubles(dim + "_simulated", {"particle", dim}, simulated_values, "", "the figure in each particle's simulation");
      w.doubles(dim + "_predictive_mean", {dim}, pm, "", "posterior-predictive weighted mean");
      w.doubles(dim + "_predictive_p05", {dim}, pl, "", "posterior-predictive 5% quantile");
      w.doubles(dim + "_predictive_p95", {dim}, ph, "", "posterior-predictive 95% quantile");
    };
    figures("target", c.targets, 0, "published figure fitted (in the distance)");
    if (!c.held_out.empty()) {
      figures("held_out", c.held_out, c.targets.size(), "published figure predicted, never fitted (held-out check)");
    }
    // Every simulation, for diagnostics.
    const auto& sims = abc.simulations();
    w.index_coordinate("simulation", sims.size(), "every simulated particle, in generation order");
    std::vector<std::int64_t> sim_generation, sim_proposal, sim_accepted;
    std::vector<double> sim_theta, sim_distance, sim_statistics;
    const std::size_t statistics_count = c.targets.size() + c.held_out.size();
    w.dimension("statistic", statistics_count);
    std::vector<std::string> statistic_names;
    for (const auto* list : {&c.targets, &c.held_out}) {
      for (const auto& t : *list) statistic_names.push_back(t.name);
    }
    w.text_coordinate("statistic", statistic_names, "targets, then held-out checks");
    for (const auto& s : sims) {
      sim_generation.push_back(static_cast<std::int64_t>(s.generation));
      sim_proposal.push_back(static_cast<std::int64_t>(s.index));
      sim_accepted.push_back(s.accepted ? 1 : 0);
      sim_distance.push_back(s.distance);
      sim_theta.insert(sim_theta.end(), s.theta.begin(), s.theta.end());
      for (std::size_t t = 0; t < statistics_count; ++t) {
        sim_statistics.push_back(t < s.statistics.size() ? s.statistics[t] : std::nan(""));
      }
    }
    w.integers("simulation_generation", {"simulation"}, sim_generation, "1", "generation of the simulation");
    w.integers("simulation_proposal", {"simulation"}, sim_proposal, "1", "proposal index within its generation");
    w.integers("simulation_accepted", {"simulation"}, sim_accepted, "1", "1: within the tolerance, entered the pool");
    w.doubles("simulation_parameters", {"simulation", "parameter"}, sim_theta, "", "the particle simulated");
    w.doubles("simulation_statistics", {"simulation", "statistic"}, sim_statistics, "", "its figures (replications pooled)");
    w.doubles("simulation_distance", {"simulation"}, sim_distance, "1", "its distance to the targets");
    w.close();
    sync_file_and_directory(temp);
    fs::rename(temp, path_);
    sync_file_and_directory(path_);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  if (journal_) journal_->remove();
}

// --- reading --------------------------------------------------------------------------------

namespace {

class FileReader {
 public:
  explicit FileReader(const std::string& path) : path_(path) {
    h5::silence_errors();
    file_ = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file_.get() < 0) throw UsageError(path + " is not an HDF5 file (or cannot be read)");
  }
  [[nodiscard]] hid_t file() const { return file_.get(); }
  std::vector<double> doubles(const std::string& name) const {
    h5::Handle ds = open(name);
    std::vector<double> out(size(ds));
    if (!out.empty()) h5::check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
    return out;
  }
  std::vector<std::int64_t> integers(const std::string& name) const {
    h5::Handle ds = open(name);
    std::vector<std::int64_t> out(size(ds));
    if (!out.empty()) h5::check(H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
    return out;
  }
  std::vector<std::string> strings(const std::string& name) const {
    h5::Handle ds = open(name);
    const std::size_t n = size(ds);
    std::vector<char*> raw(n, nullptr);
    h5::Handle type = h5::vlen_string_type();
    if (n > 0) h5::check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read " + name);
    std::vector<std::string> out;
    for (char* s : raw) out.emplace_back(s != nullptr ? s : "");
    if (n > 0) {
      h5::Handle space = h5::checked(H5Dget_space(ds), H5Sclose, "space");
      H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
    }
    return out;
  }
  [[nodiscard]] bool has(const std::string& name) const { return h5::has_link(file_, name); }

 private:
  h5::Handle open(const std::string& name) const {
    return h5::checked(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot read " + name + " in " + path_);
  }
  static std::size_t size(hid_t ds) {
    h5::Handle space = h5::checked(H5Dget_space(ds), H5Sclose, "space");
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  std::string path_;
  h5::Handle file_;
};

}  // namespace

bool is_calibration_output(const std::string& path) {
  h5::silence_errors();
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  return file.get() >= 0 && h5::has_attribute(file, "file_kind") &&
         h5::read_string_attribute(file, "file_kind") == kFileKind;
}

CalibrationFile read_calibration_file(const std::string& path) {
  if (!is_calibration_output(path)) throw UsageError(path + " is not a returnsim calibration file");
  CalibrationFile out;
  try {
    FileReader r(path);
    out.name = h5::read_string_attribute(r.file(), "calibration_name");
    out.fingerprint = h5::read_string_attribute(r.file(), "calibration_fingerprint");
    out.stop_reason = h5::read_string_attribute(r.file(), "stop_reason");
    const auto paths = r.strings("parameter"), priors = r.strings("prior");
    const auto lows = r.doubles("prior_low"), highs = r.doubles("prior_high");
    const auto means = r.doubles("prior_mean"), sds = r.doubles("prior_sd");
    const auto pm = r.doubles("posterior_mean"), p05 = r.doubles("posterior_p05"), p95 = r.doubles("posterior_p95");
    const std::size_t k = paths.size();
    for (std::size_t j = 0; j < k; ++j) {
      scenario::CalibrationParameter p;
      p.path = paths[j];
      p.prior = priors.at(j) == "loguniform" ? scenario::Prior::loguniform
                : priors.at(j) == "normal"   ? scenario::Prior::normal
                                             : scenario::Prior::uniform;
      p.low = lows.at(j);
      p.high = highs.at(j);
      p.mean = means.at(j);
      p.sd = sds.at(j);
      out.parameters.push_back(p);
      out.posterior.push_back({pm.at(j), p05.at(j), p95.at(j)});
    }
    const auto values = r.doubles("posterior");
    out.weights = r.doubles("weight");
    if (k == 0 || values.size() != out.weights.size() * k) throw IoError("posterior and weights disagree");
    for (std::size_t i = 0; i < out.weights.size(); ++i) {
      out.particles.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(i * k),
                                 values.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
    }
    const auto tolerance = r.doubles("tolerance"), acceptance = r.doubles("acceptance_rate");
    const auto runs = r.integers("runs_total");
    for (std::size_t g = 0; g < tolerance.size(); ++g) out.generations.push_back({tolerance[g], acceptance.at(g), runs.at(g)});
    auto figures = [&](const std::string& dim, std::vector<CalibrationFile::Figure>& list) {
      if (!r.has(dim)) return;
      const auto names = r.strings(dim), kpis = r.strings(dim + "_kpi"), origins = r.strings(dim + "_origin");
      const auto states = r.strings(dim + "_member_state"), sources = r.strings(dim + "_source");
      const auto first = r.integers(dim + "_first_month"), last = r.integers(dim + "_last_month");
      const auto observed = r.doubles(dim + "_observed"), sd = r.doubles(dim + "_sd");
      const auto mean = r.doubles(dim + "_predictive_mean"), lo = r.doubles(dim + "_predictive_p05");
      const auto hi = r.doubles(dim + "_predictive_p95");
      for (std::size_t t = 0; t < names.size(); ++t) {
        CalibrationFile::Figure f;
        f.target.name = names[t];
        f.target.statistic = kpis.at(t);
        f.target.origin = origins.at(t);
        f.target.member_state = states.at(t);
        f.target.source = sources.at(t);
        f.target.first_month = static_cast<int>(first.at(t));
        f.target.last_month = static_cast<int>(last.at(t));
        f.target.observed = observed.at(t);
        f.target.sd = sd.at(t);
        f.predictive = {mean.at(t), lo.at(t), hi.at(t)};
        f.z = (f.predictive.mean - f.target.observed) / f.target.sd;
        list.push_back(f);
      }
    };
    figures("target", out.targets);
    figures("held_out", out.held_out);
  } catch (const IoError& e) {
    throw UsageError(path + " is a damaged calibration file: " + e.what());
  } catch (const std::out_of_range&) {
    throw UsageError(path + " is a damaged calibration file: its variables disagree in length");
  }
  return out;
}

std::string format_calibration_summary(const CalibrationFile& f, const std::string& path) {
  std::string out;
  char line[512];
  const auto& last = f.generations.empty() ? CalibrationFile::Generation{} : f.generations.back();
  std::snprintf(line, sizeof line, "%s: calibration %s, %zu generations, %" PRId64 " runs; stopped at %s\n", path.c_str(),
                f.name.c_str(), f.generations.size(), last.runs_total, f.stop_reason.c_str());
  out += line;
  std::snprintf(line, sizeof line, "final tolerance %.3g sd (RMS over targets), last acceptance rate %.3g, %zu particles\n\n",
                last.tolerance, last.acceptance_rate, f.weights.size());
  out += line;
  out += "posterior (weighted; 90% credible interval)\n";
  std::size_t width = 9;
  for (const auto& p : f.parameters) width = std::max(width, p.path.size());
  std::snprintf(line, sizeof line, "  %-*s %10s %10s %10s   %s\n", static_cast<int>(width), "parameter", "mean", "5%", "95%",
                "prior");
  out += line;
  for (std::size_t j = 0; j < f.parameters.size(); ++j) {
    const auto& p = f.parameters[j];
    const auto& iv = f.posterior[j];
    const double shrink = (iv.p95 - iv.p05) / (p.high - p.low);
    std::snprintf(line, sizeof line, "  %-*s %10.4g %10.4g %10.4g   %s [%g, %g]; interval %.0f%% of the prior's range\n",
                  static_cast<int>(width), p.path.c_str(), iv.mean, iv.p05, iv.p95, scenario::prior_name(p.prior), p.low,
                  p.high, 100 * shrink);
    out += line;
  }
  auto table = [&](const std::vector<CalibrationFile::Figure>& list, const char* title, bool verdict) {
    if (list.empty()) return;
    out += "\n";
    out += title;
    out += "\n";
    std::size_t name_width = 6;
    for (const auto& fig : list) name_width = std::max(name_width, fig.target.name.size());
    std::snprintf(line, sizeof line, "  %-*s %11s %9s %11s %11s %11s %7s%s\n", static_cast<int>(name_width), "figure",
                  "observed", "sd", "model mean", "5%", "95%", "z", verdict ? "  inside 90%?" : "");
    out += line;
    for (const auto& fig : list) {
      const bool inside = fig.target.observed >= fig.predictive.p05 && fig.target.observed <= fig.predictive.p95;
      std::snprintf(line, sizeof line, "  %-*s %11.4g %9.3g %11.4g %11.4g %11.4g %+7.2f%s\n", static_cast<int>(name_width),
                    fig.target.name.c_str(), fig.target.observed, fig.target.sd, fig.predictive.mean, fig.predictive.p05,
                    fig.predictive.p95, fig.z, verdict ? (inside ? "  yes" : "  NO") : "");
      out += line;
    }
  };
  table(f.targets, "fit per target (posterior-predictive; z = (mean - observed) / sd)", false);
  table(f.held_out, "held-out checks (predicted, never fitted)", true);
  // Not reached: the tolerance stayed far from the targets' own uncertainty.
  if (last.tolerance > 2.0) {
    std::string worst;
    std::vector<const CalibrationFile::Figure*> sorted;
    for (const auto& fig : f.targets) sorted.push_back(&fig);
    std::sort(sorted.begin(), sorted.end(), [](auto a, auto b) { return std::abs(a->z) > std::abs(b->z); });
    for (std::size_t i = 0; i < sorted.size() && i < 3; ++i) {
      std::snprintf(line, sizeof line, "%s%s (z %+.1f)", i ? ", " : "", sorted[i]->target.name.c_str(), sorted[i]->z);
      worst += line;
    }
    std::snprintf(line, sizeof line,
                  "\nWARNING: the model does not reach the targets: the tolerance stalled at %.3g sd (RMS) with an "
                  "acceptance rate of %.3g; furthest: %s. The posterior is the best the model can do, not a fit.\n",
                  last.tolerance, last.acceptance_rate, worst.c_str());
    out += line;
  }
  return out;
}

}  // namespace returnsim::io
