#pragma once
// Private to sim/io: thin RAII and error handling around the HDF5 C API.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace returnsim::io::h5 {

/// Owns an hid_t and closes it with the matching H5*close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  [[nodiscard]] hid_t get() const { return id_; }
  /// Gives up ownership without closing.
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  operator hid_t() const { return id_; }  // NOLINT: used directly in H5 calls

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Throws IoError("<what>: <file>") when id < 0; returns the owning handle.
Handle checked(hid_t id, Handle::Closer closer, const std::string& what);
/// Throws IoError when status < 0.
void check(herr_t status, const std::string& what);
/// Turns off HDF5's own printing of error stacks (we report errors ourselves).
void silence_errors();

Handle property_list(hid_t cls);
Handle simple_space(const std::vector<hsize_t>& dims);
Handle scalar_space();
/// Variable-length UTF-8 string type.
Handle vlen_string_type();

/// A new group `name` in `parent`, its links and attributes kept in creation order (as netCDF-4
/// writes groups); `where` names the file in the error.
Handle create_group(hid_t parent, const std::string& name, const std::string& where);

void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
[[nodiscard]] std::string read_string_attribute(hid_t object, const std::string& name);
[[nodiscard]] bool has_attribute(hid_t object, const std::string& name);
[[nodiscard]] bool has_link(hid_t group, const std::string& name);

/// A scalar UTF-8 text dataset `name` in `group` (large texts: not an attribute, so that `ncdump -h`
/// stays short and `to_dataframe()` of the root never repeats them).
void write_text_dataset(hid_t group, const std::string& name, const std::string& text, const std::string& description);
/// The text of a scalar text dataset; "" when there is none.
[[nodiscard]] std::string read_text_dataset(hid_t group, const std::string& name);

/// The HDF5 memory type of T.
template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, std::int8_t>) return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  else {
    static_assert(std::is_same_v<T, double>);
    return H5T_NATIVE_DOUBLE;
  }
}

/// "YYYY-MM-DDTHH:MM:SSZ", now.
[[nodiscard]] std::string utc_now();
/// The HDF5 library's version, "1.10.8".
[[nodiscard]] std::string library_version();

}  // namespace returnsim::io::h5
