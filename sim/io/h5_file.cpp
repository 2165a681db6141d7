#include "h5_file.hpp"

#include <ctime>

#include "returnsim/util/errors.hpp"

namespace returnsim::io::h5 {

Handle checked(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) throw IoError("HDF5: " + what);
  return Handle(id, closer);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw IoError("HDF5: " + what);
}

Handle create_group(hid_t parent, const std::string& name, const std::string& where) {
  Handle gcpl = property_list(H5P_GROUP_CREATE);
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "gcpl");
  check(H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "gcpl");
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose,
                 "cannot create group " + name + " in " + where);
}

void silence_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle property_list(hid_t cls) { return checked(H5Pcreate(cls), H5Pclose, "cannot create a property list"); }

Handle simple_space(const std::vector<hsize_t>& dims) {
  return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                 "cannot create a dataspace");
}

Handle scalar_space() { return checked(H5Screate(H5S_SCALAR), H5Sclose, "cannot create a dataspace"); }

Handle vlen_string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create a string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string type");
  return type;
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  // Variable-length UTF-8 scalar: h5py gives str, netCDF-4 a string attribute, h5dump the text.
  Handle type = vlen_string_type();
  if (H5Aexists(object, name.c_str()) > 0) check(H5Adelete(object, name.c_str()), "delete attribute " + name);
  Handle space = scalar_space();
  Handle attr = checked(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                        "cannot create attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr, type, &text), "cannot write attribute " + name);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  Handle attr = checked(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "cannot open attribute " + name);
  Handle type = checked(H5Aget_type(attr), H5Tclose, "attribute type");
  if (H5Tget_class(type) != H5T_STRING) throw IoError("HDF5: attribute " + name + " is not text");
  if (H5Tis_variable_str(type) > 0) {
    Handle memtype = vlen_string_type();
    char* text = nullptr;
    check(H5Aread(attr, memtype, &text), "read attribute " + name);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  std::string out(size, '\0');
  check(H5Aread(attr, type, out.data()), "read attribute " + name);
  out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
  return out;
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

bool has_link(hid_t group, const std::string& name) { return H5Lexists(group, name.c_str(), H5P_DEFAULT) > 0; }

void write_text_dataset(hid_t group, const std::string& name, const std::string& text, const std::string& description) {
  Handle type = vlen_string_type();
  Handle space = scalar_space();
  Handle ds = checked(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                      "cannot create " + name);
  const char* pointer = text.c_str();
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &pointer), "cannot write " + name);
  write_string_attribute(ds, "description", description);
}

std::string read_text_dataset(hid_t group, const std::string& name) {
  if (!has_link(group, name)) return "";
  Handle ds = checked(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + name);
  Handle type = vlen_string_type();
  char* text = nullptr;
  check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "read " + name);
  std::string out = text != nullptr ? text : "";
  H5free_memory(text);
  return out;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string library_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace returnsim::io::h5
