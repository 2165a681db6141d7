#include "returnsim/io/h5_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <filesystem>
#include <map>

#include "h5_file.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace {

h5::Handle open_file(const std::string& path) {
  h5::silence_errors();
  if (!std::filesystem::exists(path)) throw IoError(path + ": no such file");
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) throw IoError(path + ": not an HDF5 file or not readable");
  return file;
}

h5::Handle open_dataset(hid_t parent, const std::string& name, const std::string& path) {
  if (!h5::has_link(parent, name)) throw IoError(path + " has no variable '" + name + "' (not a returnsim file?)");
  return h5::checked(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + name + " in " + path);
}

std::vector<hsize_t> shape_of(hid_t ds) {
  h5::Handle space = h5::checked(H5Dget_space(ds), H5Sclose, "dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> shape(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, shape.data(), nullptr);
  return shape;
}

std::size_t length_of(hid_t ds) {
  const auto shape = shape_of(ds);
  if (shape.size() != 1) throw IoError("HDF5: expected a one-dimensional variable");
  return shape[0];
}

template <class T>
std::vector<T> read_numbers(hid_t parent, const std::string& name, hid_t memtype, const std::string& path) {
  h5::Handle ds = open_dataset(parent, name, path);
  std::vector<T> out(length_of(ds));
  if (!out.empty()) h5::check(H5Dread(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
  return out;
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name, const std::string& path) {
  h5::Handle ds = open_dataset(parent, name, path);
  const std::size_t n = length_of(ds);
  std::vector<char*> raw(n, nullptr);
  h5::Handle type = h5::vlen_string_type();
  if (n > 0) h5::check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read " + name);
  std::vector<std::string> out;
  for (char* s : raw) {
    out.emplace_back(s != nullptr ? s : "");
    H5free_memory(s);
  }
  return out;
}

std::string optional_attribute(hid_t object, const std::string& name) {
  return h5::has_attribute(object, name) ? h5::read_string_attribute(object, name) : std::string();
}

/// The sampled-factor columns (`factor_*` with a `path` attribute), in creation order.
std::vector<std::pair<std::string, std::string>> factor_columns(hid_t file) {
  std::vector<std::pair<std::string, std::string>> names;  // (dataset, path)
  auto visit = [](hid_t group, const char* name, const H5L_info_t*, void* data) -> herr_t {
    auto& out = *static_cast<std::vector<std::pair<std::string, std::string>>*>(data);
    const std::string n = name;
    if (n.rfind("factor_", 0) == 0) {
      h5::Handle ds(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
      if (ds.get() >= 0 && h5::has_attribute(ds, "path")) out.emplace_back(n, h5::read_string_attribute(ds, "path"));
    }
    return 0;
  };
  hsize_t at = 0;
  h5::check(H5Literate(file, H5_INDEX_CRT_ORDER, H5_ITER_INC, &at, visit, &names), "list variables");
  return names;
}

}  // namespace

KpiTable read_kpi_table(const std::string& path) {
  h5::Handle file = open_file(path);
  KpiTable t;
  t.policy = read_strings(file, "policy", path);
  t.sample = read_numbers<long long>(file, "sample", H5T_NATIVE_LLONG, path);
  t.replication = read_numbers<long long>(file, "replication", H5T_NATIVE_LLONG, path);
  t.completed = read_numbers<int>(file, "completed", H5T_NATIVE_INT, path);
  for (auto name : engine::kpi_names()) {
    t.kpi_names.emplace_back(name);
    t.kpi.push_back(read_numbers<double>(file, std::string(name), H5T_NATIVE_DOUBLE, path));
  }
  t.scenario_name = optional_attribute(file, "scenario_name");
  t.design = optional_attribute(file, "design");
  for (const auto& [name, factor_path] : factor_columns(file)) t.factor_paths.push_back(factor_path);
  return t;
}

struct OutputReader::Impl {
  std::string path;
  h5::Handle file;
  OutputHeader header;
  std::vector<int> completed;
  std::map<std::size_t, std::vector<model::PolicyEvent>> events;  // by run

  /// Reads the slice [run, ...] of a variable into `out` (sized to the slice).
  template <class T>
  void read_slice(const std::string& name, hid_t memtype, std::size_t run, std::vector<T>& out) const {
    h5::Handle ds = open_dataset(file, name, path);
    const auto shape = shape_of(ds);
    if (shape.empty() || run >= shape[0]) throw IoError(path + ": " + name + " has no run " + std::to_string(run));
    std::vector<hsize_t> start(shape.size(), 0), count = shape;
    start[0] = run;
    count[0] = 1;
    std::size_t n = 1;
    for (std::size_t d = 1; d < shape.size(); ++d) n *= shape[d];
    out.resize(n);
    h5::Handle filespace = h5::checked(H5Dget_space(ds), H5Sclose, "dataspace");
    h5::check(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "select");
    h5::Handle memspace = h5::simple_space(count);
    h5::check(H5Dread(ds, memtype, memspace, filespace, H5P_DEFAULT, out.data()), "read " + name + " of " + path);
  }

  void read_events() {
    if (!h5::has_link(file, "policy_events")) return;
    h5::Handle group = h5::checked(H5Gopen2(file, "policy_events", H5P_DEFAULT), H5Gclose, "open policy_events");
    const auto runs = read_numbers<long long>(group, "run", H5T_NATIVE_LLONG, path);
    const auto months = read_numbers<int>(group, "month", H5T_NATIVE_INT, path);
    const auto origins = read_strings(group, "origin", path);
    const auto states = read_strings(group, "member_state", path);
    const auto kinds = read_strings(group, "event", path);
    // Each event's level and value are in the columns that list its kind (older files: `level`
    // and `value`).
    const std::size_t rows = runs.size();
    std::vector<double> levels(rows, 0.0), values(rows, std::numeric_limits<double>::quiet_NaN());
    const bool typed_columns = !h5::has_link(group, "level");
    if (!typed_columns) {
      levels = read_numbers<double>(group, "level", H5T_NATIVE_DOUBLE, path);
      values = read_numbers<double>(group, "value", H5T_NATIVE_DOUBLE, path);
    }
    auto index_of = [&](const std::vector<std::string>& ids, const std::string& id, const char* what) {
      const auto it = std::find(ids.begin(), ids.end(), id);
      if (it == ids.end()) throw IoError(path + ": policy_events names an unknown " + what + " '" + id + "'");
      return static_cast<std::size_t>(it - ids.begin());
    };
    std::vector<const engine::EventColumn*> event_columns;
    std::vector<std::vector<double>> event_values;
    if (typed_columns) {
      for (const auto& c : engine::policy_event_columns()) {
        if (c.level_of.empty() && c.value_of.empty()) continue;
        event_columns.push_back(&c);
        event_values.push_back(read_numbers<double>(group, std::string(c.name), H5T_NATIVE_DOUBLE, path));
      }
    }
    std::vector<std::string> kind_names;
    for (std::size_t k = 0; k < model::kPolicyEventKindCount; ++k) {
      kind_names.emplace_back(model::policy_event_name(static_cast<model::PolicyEventKind>(k)));
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
      model::PolicyEvent e;
      e.month = static_cast<std::uint32_t>(months.at(i));
      e.origin = static_cast<std::uint32_t>(index_of(header.origin_ids, origins.at(i), "origin"));
      e.member_state = states.at(i) == "EU"
                           ? -1
                           : static_cast<std::int32_t>(index_of(header.member_state_ids, states.at(i), "member state"));
      e.kind = static_cast<model::PolicyEventKind>(index_of(kind_names, kinds.at(i), "event"));
      e.level = static_cast<std::int8_t>(levels.at(i));
      e.value = values.at(i);
      for (std::size_t c = 0; c < event_columns.size(); ++c) {  // typed columns only
        if (event_columns[c]->holds_level(e.kind)) e.level = static_cast<std::int8_t>(event_values[c].at(i));
        if (event_columns[c]->holds_value(e.kind)) e.value = event_values[c].at(i);
      }
      events[static_cast<std::size_t>(runs[i])].push_back(e);
    }
  }
};

OutputReader::OutputReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  Impl& r = *impl_;
  r.path = path;
  r.file = open_file(path);
  OutputHeader& h = r.header;
  h.origin_ids = read_strings(r.file, "origin", path);
  h.origin_names = read_strings(r.file, "origin_name", path);
  h.member_state_ids = read_strings(r.file, "member_state", path);
  h.member_state_names = read_strings(r.file, "member_state_name", path);
  h.month_labels = read_strings(r.file, "month_label", path);
  h.scenario_name = optional_attribute(r.file, "scenario_name");
  // The YAML texts: in the provenance group (older files: root attributes).
  if (h5::has_link(r.file, "provenance")) {
    h5::Handle provenance = h5::checked(H5Gopen2(r.file, "provenance", H5P_DEFAULT), H5Gclose, "open provenance");
    h.effective_yaml = h5::read_text_dataset(provenance, "scenario_yaml");
    h.sweep_yaml = h5::read_text_dataset(provenance, "sweep_yaml");
  } else {
    h.effective_yaml = optional_attribute(r.file, "scenario_yaml");
    h.sweep_yaml = optional_attribute(r.file, "sweep_yaml");
  }
  h.design = optional_attribute(r.file, "design");
  h.fingerprint = optional_attribute(r.file, "sweep_fingerprint");
  h.fingerprint_build = optional_attribute(r.file, "sweep_build");
  h.command_line = optional_attribute(r.file, "command_line");
  if (const std::string shard = optional_attribute(r.file, "shard"); !shard.empty()) {
    h.shard = engine::parse_shard(shard);
  }
  const auto policies = read_strings(r.file, "policy", path);
  const auto samples = read_numbers<std::int64_t>(r.file, "sample", H5T_NATIVE_INT64, path);
  const auto replications = read_numbers<std::int64_t>(r.file, "replication", H5T_NATIVE_INT64, path);
  const auto seeds = read_numbers<std::uint64_t>(r.file, "seed", H5T_NATIVE_UINT64, path);
  r.completed = read_numbers<int>(r.file, "completed", H5T_NATIVE_INT, path);
  std::vector<std::vector<double>> factors;
  for (const auto& [name, factor_path] : factor_columns(r.file)) {
    h.factor_paths.push_back(factor_path);
    factors.push_back(read_numbers<double>(r.file, name, H5T_NATIVE_DOUBLE, path));
  }
  const std::size_t n = policies.size();
  if (samples.size() != n || replications.size() != n || seeds.size() != n || r.completed.size() != n) {
    throw IoError(path + ": the runs table's columns differ in length");
  }
  std::vector<std::string> policy_order;
  for (std::size_t i = 0; i < n; ++i) {
    engine::RunInfo info;
    info.index = i;
    info.policy = policies[i];
    auto at = std::find(policy_order.begin(), policy_order.end(), info.policy);
    if (at == policy_order.end()) at = policy_order.insert(policy_order.end(), info.policy);
    info.policy_index = at - policy_order.begin();
    info.sample = samples[i];
    info.replication = replications[i];
    info.seed = seeds[i];
    for (const auto& column : factors) info.factors.push_back(column.at(i));
    h.runs.push_back(std::move(info));
  }
  r.read_events();
}

OutputReader::~OutputReader() = default;

const OutputHeader& OutputReader::header() const { return impl_->header; }
const std::vector<int>& OutputReader::completed() const { return impl_->completed; }
const std::string& OutputReader::path() const { return impl_->path; }

bool OutputReader::has_variable(const std::string& name) const { return h5::has_link(impl_->file, name); }

std::vector<std::int32_t> OutputReader::read_pair_series(const std::string& name, std::size_t index) const {
  std::vector<std::int32_t> out;
  impl_->read_slice(name, H5T_NATIVE_INT32, index, out);
  return out;
}

std::vector<double> OutputReader::read_state_series(const std::string& name, std::size_t index) const {
  std::vector<double> out;
  impl_->read_slice(name, H5T_NATIVE_DOUBLE, index, out);
  return out;
}

engine::RunResult OutputReader::read_run(std::size_t index) const {
  const Impl& r = *impl_;
  if (index >= r.completed.size() || r.completed[index] == 0) {
    throw IoError(r.path + ": run " + std::to_string(index) + " is not completed");
  }
  engine::RunResult run;
  run.info = r.header.runs[index];
  run.months = r.header.month_labels.size();
  run.origins = r.header.origin_ids.size();
  run.states = r.header.member_state_ids.size();
  run.pair_series.resize(model::kPairSeriesCount);
  for (const auto& v : engine::output_variables()) {
    engine::visit_values(v, run, [&](auto& values) {
      using T = std::remove_reference_t<decltype(values)>;
      if constexpr (std::is_same_v<T, double>) {
        std::vector<double> one;
        r.read_slice(std::string(v.name), H5T_NATIVE_DOUBLE, index, one);
        values = one.at(0);
      } else {
        r.read_slice(std::string(v.name), h5::native_type<typename T::value_type>(), index, values);
      }
    });
  }
  if (const auto it = r.events.find(index); it != r.events.end()) run.events = it->second;
  return run;
}

}  // namespace returnsim::io
