#pragma once
/// @file
/// A YAML document as a plain tree whose every node remembers the file, line and column it came
/// from, so that problems found after `extends` merging still point at the right file.
#include <memory>
#include <string>
#include <vector>

namespace returnsim::io {

struct SourceLocation {
  std::shared_ptr<const std::string> file;  ///< shared by all nodes of one file
  int line = 0;                             ///< 1-based, 0 when unknown
  int column = 0;                           ///< 1-based, 0 when unknown
  [[nodiscard]] const std::string& file_name() const;
};

struct YamlEntry;

struct YamlValue {
  enum class Kind { null, scalar, map, sequence };
  Kind kind = Kind::null;
  std::string scalar;             ///< text of a scalar
  std::vector<YamlEntry> entries; ///< a map's entries, in file order
  std::vector<YamlValue> items;   ///< a sequence's items
  SourceLocation where;

  [[nodiscard]] bool is_map() const { return kind == Kind::map; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
  [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
  [[nodiscard]] const YamlValue* find(const std::string& key) const;
  [[nodiscard]] YamlValue* find(const std::string& key);
  /// The entry for `key`, appended (as null) when missing.
  YamlValue& get_or_add(const std::string& key);
  void erase(const std::string& key);
  static YamlValue make_scalar(std::string text, SourceLocation where = {});
  static YamlValue make_map(SourceLocation where = {});
};

struct YamlEntry {
  std::string key;
  SourceLocation key_where;
  YamlValue value;
};

/// Parses one file. A missing, unreadable, empty, oversized or syntactically broken file, a
/// duplicate key, a non-scalar key or nesting deeper than 64 levels raises ScenarioError.
[[nodiscard]] YamlValue parse_yaml_file(const std::string& path);
/// Parses text as if it were the file `label`.
[[nodiscard]] YamlValue parse_yaml_text(const std::string& text, const std::string& label);
/// Block-style YAML text of a tree (scalars quoted where needed).
[[nodiscard]] std::string emit_yaml(const YamlValue& value);

}  // namespace returnsim::io
