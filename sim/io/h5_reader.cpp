#include "returnsim/io/h5_reader.hpp"

#include <filesystem>

#include "h5_file.hpp"
#include "returnsim/engine/run_result.hpp"
#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace {

h5::Handle open_dataset(hid_t file, const std::string& name, const std::string& path) {
  if (!h5::has_link(file, name)) throw IoError(path + " has no variable '" + name + "' (not a returnsim file?)");
  return h5::checked(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + name + " in " + path);
}

std::size_t length_of(hid_t ds) {
  h5::Handle space = h5::checked(H5Dget_space(ds), H5Sclose, "dataspace");
  if (H5Sget_simple_extent_ndims(space) != 1) throw IoError("HDF5: expected a one-dimensional variable");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  return n;
}

template <class T>
std::vector<T> read_numbers(hid_t file, const std::string& name, hid_t memtype, const std::string& path) {
  h5::Handle ds = open_dataset(file, name, path);
  std::vector<T> out(length_of(ds));
  if (!out.empty()) h5::check(H5Dread(ds, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
  return out;
}

std::vector<std::string> read_strings(hid_t file, const std::string& name, const std::string& path) {
  h5::Handle ds = open_dataset(file, name, path);
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

}  // namespace

KpiTable read_kpi_table(const std::string& path) {
  h5::silence_errors();
  if (!std::filesystem::exists(path)) throw IoError(path + ": no such file");
  h5::Handle file = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) throw IoError(path + ": not an HDF5 file or not readable");
  KpiTable t;
  t.policy = read_strings(file, "policy", path);
  t.sample = read_numbers<long long>(file, "sample", H5T_NATIVE_LLONG, path);
  t.replication = read_numbers<long long>(file, "replication", H5T_NATIVE_LLONG, path);
  t.completed = read_numbers<int>(file, "completed", H5T_NATIVE_INT, path);
  for (auto name : engine::kpi_names()) {
    t.kpi_names.emplace_back(name);
    t.kpi.push_back(read_numbers<double>(file, std::string(name), H5T_NATIVE_DOUBLE, path));
  }
  if (h5::has_attribute(file, "scenario_name")) t.scenario_name = h5::read_string_attribute(file, "scenario_name");
  return t;
}

}  // namespace returnsim::io
