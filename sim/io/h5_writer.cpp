#include "returnsim/io/h5_writer.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

#include "h5_file.hpp"
#include "returnsim/io/run_journal.hpp"
#include "returnsim/io/sensitivity_output.hpp"
#include "returnsim/util/errors.hpp"
#include "returnsim/util/version.hpp"

namespace returnsim::io {
namespace fs = std::filesystem;

namespace {
/// Days from the first day of month `from` to the first day of month `to` ("YYYY-MM"), in the
/// proleptic Gregorian calendar.
std::int32_t days_from(const std::string& from, const std::string& to) {
  auto days_since_epoch = [](const std::string& label) {
    long y = std::stol(label.substr(0, 4)), m = std::stol(label.substr(5, 2));
    y -= m <= 2 ? 1 : 0;  // civil-from-days (H. Hinnant), day 1 of the month
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe;
  };
  return static_cast<std::int32_t>(days_since_epoch(to) - days_since_epoch(from));
}
}  // namespace
using engine::Dims;
using engine::OutputVariable;

namespace {
constexpr std::int8_t kFillInt8 = -127;  // netCDF's default byte fill value
constexpr std::int32_t kFillInt32 = -2147483647;
constexpr float kFillFloat = std::numeric_limits<float>::quiet_NaN();
constexpr double kFillDouble = std::numeric_limits<double>::quiet_NaN();

/// A storage's file and memory types and its fill value (netCDF's defaults; NaN for floats).
struct FileType {
  hid_t file, memory;
  const void* fill;  ///< nullptr: no fill value (ids and strings)
};
FileType file_type(engine::Storage s) {
  switch (s) {
    case engine::Storage::int8: return {H5T_STD_I8LE, H5T_NATIVE_INT8, &kFillInt8};
    case engine::Storage::int32: return {H5T_STD_I32LE, H5T_NATIVE_INT32, &kFillInt32};
    case engine::Storage::float32: return {H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, &kFillFloat};
    case engine::Storage::float64: return {H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &kFillDouble};
    case engine::Storage::int64: return {H5T_STD_I64LE, H5T_NATIVE_INT64, nullptr};
    case engine::Storage::text: break;
  }
  return {H5I_INVALID_HID, H5I_INVALID_HID, nullptr};  // strings: the caller's vlen_string_type()
}
}  // namespace

OutputHeader make_output_header(const scenario::Scenario& s, std::string effective_yaml,
                                std::vector<engine::RunInfo> runs, std::string command_line) {
  OutputHeader h;
  for (const auto& o : s.origin_countries) {
    h.origin_ids.push_back(o.id);
    h.origin_names.push_back(o.name);
  }
  for (const auto& m : s.member_states) {
    h.member_state_ids.push_back(m.id);
    h.member_state_names.push_back(m.name);
  }
  for (int t = 0; t < s.simulation.months; ++t) h.month_labels.push_back(scenario::month_label(s.simulation.start, t));
  h.runs = std::move(runs);
  h.scenario_name = s.info.name;
  h.effective_yaml = std::move(effective_yaml);
  h.command_line = std::move(command_line);
  h.parameters = parameter_records(s);
  return h;
}

struct H5Writer::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  /// An unfinished file is removed, also when the constructor failed half-way (a full disk while
  /// the header is written): only a committed file stays.
  ~Impl() {
    if (committed || temp_path.empty()) return;
    datasets.clear();
    scales.clear();
    event_columns.clear();
    events_group.reset();
    file.reset();
    std::error_code ec;
    fs::remove(temp_path, ec);
  }

  std::string final_path;
  std::string temp_path;
  h5::Handle file;
  std::map<std::string, h5::Handle> datasets;
  std::map<Dims, std::vector<hsize_t>> dims;
  std::map<std::string, hid_t> scales;  // dimension name -> scale dataset
  bool committed = false;
  std::vector<std::string> origin_ids, member_state_ids;
  std::vector<std::string> policies;  ///< per run
  bool whole_plan = true;             ///< false for a shard file
  h5::Handle events_group;
  std::map<std::string, h5::Handle> event_columns;
  hsize_t events_written = 0;
  // Events are appended in the order of the plan, whatever order runs finish in, so that the
  // table is the same at any thread count. Runs that finish early wait here.
  std::vector<std::size_t> event_order;  ///< run indices in plan order
  std::size_t next_in_order = 0;
  std::map<std::size_t, std::vector<model::PolicyEvent>> waiting_events;
  /// Events whose turn has come, not yet in the file: appended in one go per batch
  /// (mark_completed), each column extended once instead of once per run.
  struct EventRow {
    std::size_t run;
    model::PolicyEvent event;
  };
  std::vector<EventRow> ready_events;
  /// Runs whose data are written and not yet flagged `completed` (mark_completed()).
  std::vector<std::size_t> written_unmarked;
  std::chrono::steady_clock::time_point last_marked = std::chrono::steady_clock::now();

  void add_run_events(std::size_t run, const std::vector<model::PolicyEvent>& events) {
    waiting_events[run] = events;
    while (next_in_order < event_order.size()) {
      auto it = waiting_events.find(event_order[next_in_order]);
      if (it == waiting_events.end()) break;
      for (const model::PolicyEvent& e : it->second) ready_events.push_back({it->first, e});
      waiting_events.erase(it);
      ++next_in_order;
    }
  }

  /// The `policy_events` group: one row per decision, columns along the extendible dimension
  /// `row` (a dimension scale), appended in plan order, a batch of runs at a time.
  void create_events_table() {
    events_group = h5::create_group(file, "policy_events", temp_path);
    h5::write_string_attribute(events_group, "description",
                               "policy decisions in time order: Art. 25a assessments, proposals, Council "
                               "decisions, measures lifted, agreements and incentives starting or ending");
    for (const auto& c : engine::policy_event_columns()) {
      const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = 4096;
      h5::Handle space = h5::checked(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "dataspace");
      h5::Handle dcpl = h5::property_list(H5P_DATASET_CREATE);
      h5::check(H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "dcpl");
      h5::check(H5Pset_chunk(dcpl, 1, &chunk), "chunk");
      h5::check(H5Pset_deflate(dcpl, 4), "deflate");
      h5::Handle text = h5::vlen_string_type();
      FileType type = file_type(c.storage);
      if (c.storage == engine::Storage::text) type.file = type.memory = text.get();
      if (type.fill != nullptr) h5::check(H5Pset_fill_value(dcpl, type.memory, type.fill), "fill value");
      const std::string name(c.name);
      h5::Handle ds = h5::checked(H5Dcreate2(events_group, name.c_str(), type.file, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                                  H5Dclose, "cannot create policy_events/" + name);
      cf_attributes(ds, type, c.units, c.long_name, c.description, c.flag_values, c.flag_meanings,
                    /*fill_attribute=*/!c.level_of.empty() || !c.value_of.empty());
      event_columns[name] = std::move(ds);
    }
    h5::check(H5DSset_scale(event_columns.at("row"), "row"), "dimension scale row");
    for (const auto& [name, ds] : event_columns) {
      if (name != "row") h5::check(H5DSattach_scale(ds, event_columns.at("row"), 0), "attach row");
    }
  }

  void append_column(const std::string& name, hid_t memtype, hsize_t n, const void* values) {
    const hid_t ds = event_columns.at(name).get();
    const hsize_t new_size = events_written + n;
    h5::check(H5Dset_extent(ds, &new_size), std::string("extend policy_events/") + name);
    h5::Handle filespace = h5::checked(H5Dget_space(ds), H5Sclose, "dataspace");
    h5::check(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, &events_written, nullptr, &n, nullptr), "select rows");
    h5::Handle memspace = h5::simple_space({n});
    h5::check(H5Dwrite(ds, memtype, memspace, filespace, H5P_DEFAULT, values),
              "write policy_events/" + name + " to " + temp_path);
  }

  /// Appends the ready events' rows to the `policy_events` table.
  void append_ready_events() {
    const std::vector<EventRow>& events = ready_events;
    if (events.empty()) return;
    const hsize_t n = events.size();
    static const std::string eu = "EU";
    h5::Handle text = h5::vlen_string_type();
    for (const auto& c : engine::policy_event_columns()) {
      const std::string name(c.name);
      auto write = [&](const auto& values) {
        using T = typename std::remove_cvref_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<T, const char*>) append_column(name, text, n, values.data());
        else append_column(name, h5::native_type<T>(), n, values.data());
      };
      auto strings = [&](auto of) {
        std::vector<const char*> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = of(events[i]);
        write(v);
      };
      if (name == "row" || name == "run") {
        std::vector<std::int64_t> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(name == "row" ? events_written + i : events[i].run);
        write(v);
      } else if (name == "month") {
        std::vector<std::int32_t> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(events[i].event.month);
        write(v);
      } else if (name == "policy") {
        strings([&](const EventRow& r) { return policies.at(r.run).c_str(); });
      } else if (name == "origin") {
        strings([&](const EventRow& r) { return origin_ids.at(r.event.origin).c_str(); });
      } else if (name == "member_state") {
        strings([&](const EventRow& r) {
          const int state = r.event.member_state;
          return state < 0 ? eu.c_str() : member_state_ids.at(static_cast<std::size_t>(state)).c_str();
        });
      } else if (name == "event") {
        strings([&](const EventRow& r) { return model::policy_event_name(r.event.kind).data(); });
      } else if (c.storage == engine::Storage::int8) {
        std::vector<std::int8_t> v(n);
        for (std::size_t i = 0; i < n; ++i) {
          const auto& e = events[i].event;
          v[i] = c.holds_level(e.kind) ? e.level : c.holds_value(e.kind) ? static_cast<std::int8_t>(e.value) : kFillInt8;
        }
        write(v);
      } else {
        std::vector<double> v(n);
        for (std::size_t i = 0; i < n; ++i) {
          const auto& e = events[i].event;
          v[i] = c.holds_level(e.kind)   ? e.level
                 : c.holds_value(e.kind) ? e.value
                                         : std::numeric_limits<double>::quiet_NaN();
        }
        write(v);
      }
    }
    events_written += n;
    ready_events.clear();
  }

  h5::Handle dataset_creation(const std::vector<hsize_t>& shape, std::size_t element_size) {
    h5::Handle dcpl = h5::property_list(H5P_DATASET_CREATE);
    h5::check(H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "dcpl");
    if (shape.empty()) return dcpl;
    // One run per chunk; months halved until the chunk is at most 1 MiB. A run's scalars (KPIs,
    // `completed`) share chunks of kRunsPerChunk runs: each flush compresses the chunks it
    // touched again, which must not grow with the sweep.
    std::vector<hsize_t> chunk = shape;
    chunk[0] = shape.size() == 1 ? std::min<hsize_t>(shape[0], kRunsPerChunk) : 1;
    auto bytes = [&] {
      hsize_t n = element_size;
      for (auto c : chunk) n *= std::max<hsize_t>(c, 1);
      return n;
    };
    while (shape.size() > 1 && bytes() > (1u << 20) && chunk[1] > 1) chunk[1] = (chunk[1] + 1) / 2;
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
    h5::check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "chunk");
    if (shape.size() > 1) h5::check(H5Pset_shuffle(dcpl), "shuffle");
    h5::check(H5Pset_deflate(dcpl, 4), "deflate");
    return dcpl;
  }

  hid_t create(const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
               const std::string& units, const std::string& description) {
    h5::Handle space = shape.empty() ? h5::scalar_space() : h5::simple_space(shape);
    h5::Handle dcpl = dataset_creation(shape, H5Tget_size(type));
    h5::Handle ds = h5::checked(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                                H5Dclose, "cannot create dataset " + name + " in " + temp_path);
    if (!units.empty()) h5::write_string_attribute(ds, "units", units);
    h5::write_string_attribute(ds, "description", description);
    const hid_t id = ds.get();
    datasets[name] = std::move(ds);
    return id;
  }

  /// A variable of the output dictionary: its storage type, a fill value (so that runs not yet
  /// written read as missing: NaN for floats), and CF attributes (units, long_name, flags, the
  /// coordinates along its dimensions).
  hid_t create_variable(const OutputVariable& v) {
    const auto& shape = dims.at(v.dims);
    const FileType type = file_type(engine::storage_of(v));
    h5::Handle space = h5::simple_space(shape);
    h5::Handle dcpl = dataset_creation(shape, H5Tget_size(type.file));
    h5::check(H5Pset_fill_value(dcpl, type.memory, type.fill), "fill value");
    const std::string name(v.name);
    // A run's chunks are written whole, once: without a chunk cache each is compressed and
    // written as its run is (a cache would hold them, and compress them all at commit).
    h5::Handle dapl = h5::property_list(H5P_DATASET_ACCESS);
    if (shape.size() > 1) {
      h5::check(H5Pset_chunk_cache(dapl, H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0, H5D_CHUNK_CACHE_W0_DEFAULT), "chunk cache");
    }
    h5::Handle ds = h5::checked(H5Dcreate2(file, name.c_str(), type.file, space, H5P_DEFAULT, dcpl, dapl),
                                H5Dclose, "cannot create dataset " + name + " in " + temp_path);
    cf_attributes(ds, type, v.units, v.long_name, v.description, v.flag_values, v.flag_meanings, true);
    // Coordinates along `run` (and the CF time along `month`), so that xarray shows them as such.
    std::string coordinates = "policy sample replication";
    if (v.dims != Dims::run) coordinates += " time";
    h5::write_string_attribute(ds, "coordinates", coordinates);
    const hid_t id = ds.get();
    datasets[name] = std::move(ds);
    std::vector<std::string> names;
    for (auto d : engine::dimension_names(v.dims)) names.emplace_back(d);
    attach(id, names);
    return id;
  }

  /// CF attributes: units, long_name, description, _FillValue, flag_values and flag_meanings.
  void cf_attributes(hid_t ds, const FileType& type, std::string_view units, std::string_view long_name,
                     std::string_view description, std::string_view flag_values, std::string_view flag_meanings,
                     bool fill_attribute) {
    if (!units.empty()) h5::write_string_attribute(ds, "units", std::string(units));
    h5::write_string_attribute(ds, "long_name", std::string(long_name));
    h5::write_string_attribute(ds, "description", std::string(description));
    if (fill_attribute && type.fill != nullptr) numeric_attribute(ds, "_FillValue", type.file, type.memory, 1, type.fill);
    if (!flag_values.empty()) {
      std::vector<std::int8_t> flags;
      std::istringstream in{std::string(flag_values)};
      for (int f = 0; in >> f;) flags.push_back(static_cast<std::int8_t>(f));
      numeric_attribute(ds, "flag_values", type.file, H5T_NATIVE_INT8, flags.size(), flags.data());
      h5::write_string_attribute(ds, "flag_meanings", std::string(flag_meanings));
    }
  }

  /// A numeric attribute: `count` values of `memtype`, stored as `type`.
  void numeric_attribute(hid_t object, const char* name, hid_t type, hid_t memtype, std::size_t count, const void* values) {
    h5::Handle space = h5::simple_space({static_cast<hsize_t>(count)});
    h5::Handle attr = h5::checked(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                                  std::string("cannot create attribute ") + name);
    h5::check(H5Awrite(attr, memtype, values), std::string("cannot write attribute ") + name);
  }

  void attach(hid_t ds, const std::vector<std::string>& names) {
    for (unsigned i = 0; i < names.size(); ++i) {
      h5::check(H5DSattach_scale(ds, scales.at(names[i]), i), "attach dimension " + names[i]);
    }
  }

  void write_all(hid_t ds, hid_t memtype, const void* values) {
    h5::check(H5Dwrite(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), "write " + temp_path);
  }

  void write_strings(hid_t ds, const std::vector<std::string>& values) {
    std::vector<const char*> pointers;
    for (const auto& v : values) pointers.push_back(v.c_str());
    h5::Handle type = h5::vlen_string_type();
    write_all(ds, type, pointers.data());
  }

  hid_t coordinate(const std::string& name, const std::vector<std::string>& labels, const std::string& description) {
    h5::Handle type = h5::vlen_string_type();
    const hid_t ds = create(name, type, {labels.size()}, "", description);
    write_strings(ds, labels);
    h5::check(H5DSset_scale(ds, name.c_str()), "dimension scale " + name);
    scales[name] = ds;
    return ds;
  }

  template <class T>
  hid_t index_coordinate(const std::string& name, hid_t type, std::size_t n, const std::string& units,
                         const std::string& description) {
    const hid_t ds = create(name, type, {n}, units, description);
    std::vector<T> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<T>(i);
    if (n > 0) write_all(ds, type, values.data());
    h5::check(H5DSset_scale(ds, name.c_str()), "dimension scale " + name);
    scales[name] = ds;
    return ds;
  }

  /// The `parameters` group: a subgroup per section, a variable per parameter (float64 or string;
  /// per origin, member state or route along the root dimensions) with the table's unit (as the
  /// attribute `unit`: free text, not UDUNITS), description and source.
  void write_parameters(const std::vector<ParameterRecord>& records) {
    if (records.empty()) return;
    h5::Handle root = h5::create_group(file, "parameters", temp_path);
    h5::write_string_attribute(root, "description",
                               "the scenario's parameters (a sweep's base scenario; each run's sampled factors are "
                               "the root factor_* variables), with unit, description and source from the parameter "
                               "table (docs/parameters.md)");
    std::map<std::string, h5::Handle> sections;
    h5::Handle text = h5::vlen_string_type();
    for (const auto& r : records) {
      auto section = sections.find(r.section);
      if (section == sections.end()) {
        section = sections.emplace(r.section, h5::create_group(root, r.section, temp_path)).first;
      }
      std::vector<hsize_t> shape;
      for (const auto& d : r.dims) shape.push_back(dimension_length(d));
      h5::Handle space = shape.empty() ? h5::scalar_space() : h5::simple_space(shape);
      const hid_t type = r.is_text ? text.get() : H5T_IEEE_F64LE;
      h5::Handle ds = h5::checked(H5Dcreate2(section->second, r.key.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT,
                                             H5P_DEFAULT),
                                  H5Dclose, "cannot create parameters/" + r.section + "/" + r.key);
      if (r.is_text) {
        std::vector<const char*> pointers;
        for (const auto& t : r.texts) pointers.push_back(t.c_str());
        if (!pointers.empty()) write_all(ds, text, pointers.data());
      } else if (!r.numbers.empty()) {
        write_all(ds, H5T_NATIVE_DOUBLE, r.numbers.data());
      }
      h5::write_string_attribute(ds, "long_name", r.section + "." + r.key);
      if (!r.unit.empty() && r.unit != "-") h5::write_string_attribute(ds, "unit", r.unit);
      h5::write_string_attribute(ds, "description", r.description);
      h5::write_string_attribute(ds, "source", r.source.empty() ? "-" : r.source);
      attach(ds, r.dims);
    }
  }

  hsize_t dimension_length(const std::string& name) {
    h5::Handle space = h5::checked(H5Dget_space(scales.at(name)), H5Sclose, "dataspace");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, nullptr);
    return n;
  }

  /// Marks the runs written since the last call completed: their data reach the file first, then
  /// their flags.
  void mark_completed() {
    append_ready_events();
    if (written_unmarked.empty()) return;
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + temp_path);
    const std::int8_t done = 1;
    for (const std::size_t run : written_unmarked) write_run("completed", H5T_NATIVE_INT8, run, &done);
    h5::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + temp_path);
    written_unmarked.clear();
    last_marked = std::chrono::steady_clock::now();
  }

  /// Writes one run's slice [run, ...] of a dataset.
  void write_run(const std::string& name, hid_t memtype, std::size_t run, const void* values) {
    const hid_t ds = datasets.at(name).get();
    h5::Handle filespace = h5::checked(H5Dget_space(ds), H5Sclose, "dataspace");
    const int rank = H5Sget_simple_extent_ndims(filespace);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(filespace, shape.data(), nullptr);
    std::vector<hsize_t> start(shape.size(), 0), count = shape;
    start[0] = run;
    count[0] = 1;
    h5::check(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
              "select run");
    h5::Handle memspace = h5::simple_space(count);
    h5::check(H5Dwrite(ds, memtype, memspace, filespace, H5P_DEFAULT, values), "write " + name + " to " + temp_path);
  }
};

H5Writer::H5Writer(std::string path, const OutputHeader& header, bool overwrite, std::string temp_path)
    : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  h5::silence_errors();
  w.final_path = std::move(path);
  if (fs::exists(w.final_path) && !overwrite) {
    throw UsageError(w.final_path + " exists; use --force to overwrite it");
  }
  w.temp_path = temp_path.empty() ? w.final_path + ".tmp-" + std::to_string(::getpid()) : std::move(temp_path);

  h5::Handle fcpl = h5::property_list(H5P_FILE_CREATE);
  h5::check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "fcpl");
  h5::check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "fcpl");
  h5::check(H5Pset_attr_phase_change(fcpl, 0, 0), "fcpl");  // dense: allows the large YAML attribute
  h5::Handle fapl = h5::property_list(H5P_FILE_ACCESS);
  h5::check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST), "fapl");
  w.file = h5::Handle(H5Fcreate(w.temp_path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose);
  if (w.file.get() < 0) {
    throw IoError("cannot create " + w.temp_path + " (is the directory there and writable?)");
  }

  const std::size_t runs = header.runs.size(), months = header.month_labels.size();
  const std::size_t origins = header.origin_ids.size(), states = header.member_state_ids.size();
  w.dims[Dims::run] = {runs};
  w.dims[Dims::run_month] = {runs, months};
  w.dims[Dims::run_month_origin] = {runs, months, origins};
  w.dims[Dims::run_month_state] = {runs, months, states};
  w.dims[Dims::run_month_origin_state] = {runs, months, origins, states};

  // Root attributes.
  const hid_t root = w.file.get();
  h5::write_string_attribute(root, "title", "returnsim output: " + header.scenario_name);
  h5::write_string_attribute(root, "Conventions", "CF-1.8");
  h5::write_string_attribute(root, "source", std::string("returnsim ") + kVersion);
  h5::write_string_attribute(root, "returnsim_version", kVersion);
  h5::write_string_attribute(root, "source_revision", kSourceRevision);
  h5::write_string_attribute(root, "creation_time", h5::utc_now());
  h5::write_string_attribute(root, "command_line", header.command_line);
  h5::write_string_attribute(root, "history", h5::utc_now() + ": " + header.command_line);
  h5::write_string_attribute(root, "hdf5_version", h5::library_version());
  h5::write_string_attribute(root, "scenario_name", header.scenario_name);
  // The effective YAML texts, once, in the `provenance` group (xr.open_dataset(path) does not
  // load it; open it with group="provenance").
  {
    h5::Handle group = h5::create_group(w.file, "provenance", w.temp_path);
    h5::write_string_attribute(group, "description", "the effective inputs of this file, as the runs saw them");
    h5::write_text_dataset(group, "scenario_yaml", header.effective_yaml,
                           "the full effective scenario YAML: after extends, overrides and defaults (for a sweep, "
                           "the base scenario)");
    if (!header.sweep_yaml.empty()) {
      h5::write_text_dataset(group, "sweep_yaml", header.sweep_yaml, "the sweep's effective YAML");
    }
  }
  if (!header.design.empty()) h5::write_string_attribute(root, "design", header.design);
  if (!header.fingerprint.empty()) {
    h5::write_string_attribute(root, "sweep_fingerprint", header.fingerprint);
    h5::write_string_attribute(root, "sweep_build", header.fingerprint_build);
  }
  if (!header.shard.whole()) h5::write_string_attribute(root, "shard", header.shard.label());

  // Coordinates (dimension scales).
  w.index_coordinate<std::int64_t>("run", H5T_NATIVE_INT64, runs, "", "run index within this file");
  w.index_coordinate<std::int32_t>("month", H5T_NATIVE_INT32, months, "1",
                                   "month index from the start of the reported horizon (see time, month_label)");
  w.coordinate("origin", header.origin_ids, "origin country id");
  w.coordinate("member_state", header.member_state_ids, "member state id");
  {
    h5::Handle type = h5::vlen_string_type();
    hid_t ds = w.create("month_label", type, {months}, "", "calendar month, YYYY-MM");
    w.write_strings(ds, header.month_labels);
    w.attach(ds, {"month"});
    // CF time along `month`: the first day of each month, which xarray decodes to datetime64.
    std::vector<std::int32_t> days;
    for (const auto& label : header.month_labels) days.push_back(days_from(header.month_labels.front(), label));
    const hid_t time = w.create("time", H5T_STD_I32LE, {months},
                                months > 0 ? "days since " + header.month_labels.front() + "-01 00:00:00" : "days",
                                "first day of the month");
    if (months > 0) w.write_all(time, H5T_NATIVE_INT32, days.data());
    h5::write_string_attribute(time, "standard_name", "time");
    h5::write_string_attribute(time, "long_name", "first day of the month");
    h5::write_string_attribute(time, "calendar", "proleptic_gregorian");
    w.attach(time, {"month"});
    ds = w.create("origin_name", type, {origins}, "", "origin country name");
    w.write_strings(ds, header.origin_names);
    w.attach(ds, {"origin"});
    ds = w.create("member_state_name", type, {states}, "", "member state name");
    w.write_strings(ds, header.member_state_names);
    w.attach(ds, {"member_state"});
  }

  w.write_parameters(header.parameters);

  // The runs table.
  {
    h5::Handle type = h5::vlen_string_type();
    std::vector<std::string> policies;
    std::vector<std::int64_t> samples, replications;
    std::vector<std::uint64_t> seeds;
    std::vector<std::int8_t> completed(runs, 0);
    for (const auto& r : header.runs) {
      policies.push_back(r.policy);
      samples.push_back(r.sample);
      replications.push_back(r.replication);
      seeds.push_back(r.seed);
    }
    hid_t ds = w.create("policy", type, {runs}, "", "policy (set of levers) of the run");
    if (runs > 0) w.write_strings(ds, policies);
    w.attach(ds, {"run"});
    auto column = [&](const std::string& name, hid_t file_type, hid_t memory_type, const void* values,
                      const std::string& description) {
      const hid_t column_ds = w.create(name, file_type, {runs}, "", description);
      if (runs > 0) w.write_all(column_ds, memory_type, values);
      w.attach(column_ds, {"run"});
      return column_ds;
    };
    column("sample", H5T_STD_I64LE, H5T_NATIVE_INT64, samples.data(), "index of the sampled world (uncertainty sample)");
    column("replication", H5T_STD_I64LE, H5T_NATIVE_INT64, replications.data(), "replication within the sample");
    column("seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, seeds.data(),
           "the run's seed, derived from the base seed and the run index");
    column("completed", H5T_STD_I8LE, H5T_NATIVE_INT8, completed.data(), "1 when the run's data are fully written, else 0");
    // One column per sampled factor: factor_<path with non-alphanumerics as _ and * as all>.
    std::vector<std::string> used;
    for (std::size_t j = 0; j < header.factor_paths.size(); ++j) {
      std::string name = "factor_";
      for (char c : header.factor_paths[j]) {
        if (c == '*') name += "all";
        else name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      }
      if (std::find(used.begin(), used.end(), name) != used.end()) {
        name += '_';  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "_" + std::string
        name += std::to_string(j);
      }
      used.push_back(name);
      std::vector<double> values;
      for (const auto& r : header.runs) values.push_back(j < r.factors.size() ? r.factors[j] : 0.0);
      const hid_t factor_ds = column(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(),
                                     "sampled value of " + header.factor_paths[j]);
      h5::write_string_attribute(factor_ds, "path", header.factor_paths[j]);
    }
  }

  const std::vector<char> in_shard = header.shard.members(header.runs);
  for (const auto& r : header.runs) {
    if (in_shard[r.index] != 0) w.event_order.push_back(r.index);
  }
  for (const auto& r : header.runs) w.policies.push_back(r.policy);
  w.whole_plan = header.shard.whole();
  w.origin_ids = header.origin_ids;
  w.member_state_ids = header.member_state_ids;
  w.create_events_table();

  // Series and KPIs: the output dictionary.
  for (const auto& v : engine::output_variables()) w.create_variable(v);
  h5::check(H5Fflush(w.file, H5F_SCOPE_GLOBAL), "flush " + w.temp_path);
}

H5Writer::~H5Writer() = default;

void H5Writer::write(const engine::RunResult& r) {
  Impl& w = *impl_;
  const std::size_t run = r.info.index;
  for (const auto& v : engine::output_variables()) {
    engine::visit_values(v, r, [&](const auto& values) {
      using T = std::remove_cvref_t<decltype(values)>;
      if constexpr (std::is_same_v<T, double>) w.write_run(std::string(v.name), H5T_NATIVE_DOUBLE, run, &values);
      else w.write_run(std::string(v.name), h5::native_type<typename T::value_type>(), run, values.data());
    });
  }
  w.add_run_events(run, r.events);
  // Flushing costs about as much as writing a small run: the runs are flagged completed (after
  // their data reach the file) in batches at least kMarkInterval apart, and at commit.
  w.written_unmarked.push_back(run);
  if (std::chrono::steady_clock::now() - w.last_marked >= kMarkInterval) w.mark_completed();
}

void H5Writer::commit() {
  Impl& w = *impl_;
  w.mark_completed();
  if (w.next_in_order != w.event_order.size()) {
    throw IoError("internal: " + std::to_string(w.event_order.size() - w.next_in_order) + " runs of " + w.temp_path +
                  " were never written; the file is left unfinished");
  }
  w.datasets.clear();
  w.scales.clear();
  w.event_columns.clear();
  w.events_group.reset();
  if (H5Fclose(w.file.release()) < 0) throw IoError("cannot close " + w.temp_path);
  // A Sobol' sweep's indices, from the KPIs just written (a shard lacks most worlds: its merge
  // computes them).
  if (w.whole_plan) write_sensitivity_group(w.temp_path);
  // Durable before it takes the final name: a file under the final name is always whole.
  sync_file_and_directory(w.temp_path);
  std::error_code ec;
  fs::rename(w.temp_path, w.final_path, ec);
  if (ec) throw IoError("cannot rename " + w.temp_path + " to " + w.final_path + ": " + ec.message());
  sync_file_and_directory(w.final_path);
  w.committed = true;
}

}  // namespace returnsim::io
