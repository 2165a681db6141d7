#include "returnsim/io/yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxFileBytes = 64u << 20;  // 64 MiB: far above any real scenario

[[noreturn]] void fail(const SourceLocation& where, const std::string& message) {
  throw ScenarioError({InputProblem{where.file_name(), where.line, where.column, "", message}});
}

SourceLocation location_of(const YAML::Mark& mark, const std::shared_ptr<const std::string>& file) {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0) where.line = mark.line + 1;
  if (mark.column >= 0) where.column = mark.column + 1;
  return where;
}

YamlValue convert(const YAML::Node& node, const std::shared_ptr<const std::string>& file, int depth) {
  YamlValue out;
  out.where = location_of(node.Mark(), file);
  if (depth > kMaxDepth) fail(out.where, "nesting deeper than 64 levels");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = YamlValue::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      out.kind = YamlValue::Kind::scalar;
      out.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = YamlValue::Kind::sequence;
      for (const auto& item : node) out.items.push_back(convert(item, file, depth + 1));
      break;
    case YAML::NodeType::Map:
      out.kind = YamlValue::Kind::map;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const SourceLocation key_where = location_of(it->first.Mark(), file);
        if (!it->first.IsScalar()) fail(key_where, "a key must be plain text");
        const std::string key = it->first.Scalar();
        if (out.find(key) != nullptr) fail(key_where, "duplicate key '" + key + "'");
        out.entries.push_back(YamlEntry{key, key_where, convert(it->second, file, depth + 1)});
      }
      break;
  }
  return out;
}

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  if (s == "~" || s == "null" || s == "true" || s == "false") return false;  // never for our text
  for (char c : s) {
    if (c == ':' || c == '#' || c == '\'' || c == '"' || c == '\n' || c == '{' || c == '}' ||
        c == '[' || c == ']' || c == ',' || c == '&' || c == '*' || c == '!' || c == '|' ||
        c == '>' || c == '%' || c == '@' || c == '`')
      return true;
  }
  return s.front() == ' ' || s.back() == ' ' || s.front() == '-' || s.front() == '?';
}

void emit(YAML::Emitter& out, const YamlValue& value) {
  switch (value.kind) {
    case YamlValue::Kind::null:
      out << YAML::Null;
      break;
    case YamlValue::Kind::scalar:
      if (needs_quotes(value.scalar)) out << YAML::DoubleQuoted;
      out << value.scalar;
      break;
    case YamlValue::Kind::sequence:
      out << YAML::BeginSeq;
      for (const auto& item : value.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    case YamlValue::Kind::map:
      out << YAML::BeginMap;
      for (const auto& entry : value.entries) {
        out << YAML::Key << entry.key << YAML::Value;
        emit(out, entry.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

const std::string& SourceLocation::file_name() const {
  static const std::string unknown = "<input>";
  return file ? *file : unknown;
}

const YamlValue* YamlValue::find(const std::string& key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

YamlValue* YamlValue::find(const std::string& key) {
  for (auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

YamlValue& YamlValue::get_or_add(const std::string& key) {
  if (YamlValue* existing = find(key)) return *existing;
  entries.push_back(YamlEntry{key, where, YamlValue{}});
  entries.back().value.where = where;
  return entries.back().value;
}

void YamlValue::erase(const std::string& key) {
  std::erase_if(entries, [&](const YamlEntry& e) { return e.key == key; });
}

YamlValue YamlValue::make_scalar(std::string text, SourceLocation where) {
  YamlValue v;
  v.kind = Kind::scalar;
  v.scalar = std::move(text);
  v.where = std::move(where);
  return v;
}

YamlValue YamlValue::make_map(SourceLocation where) {
  YamlValue v;
  v.kind = Kind::map;
  v.where = std::move(where);
  return v;
}

YamlValue parse_yaml_text(const std::string& text, const std::string& label) {
  auto file = std::make_shared<const std::string>(label);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(location_of(e.mark, file), "YAML syntax error: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    fail(SourceLocation{file, 1, 1}, "the file is empty; expected a YAML map of sections");
  }
  return convert(root, file, 0);
}

YamlValue parse_yaml_file(const std::string& path) {
  auto file = std::make_shared<const std::string>(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(SourceLocation{file, 0, 0}, "cannot open the file (does it exist and is it readable?)");
  std::ostringstream buffer;
  char chunk[65536];
  std::size_t total = 0;
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    total += static_cast<std::size_t>(in.gcount());
    if (total > kMaxFileBytes) fail(SourceLocation{file, 0, 0}, "the file is larger than 64 MiB");
    buffer.write(chunk, in.gcount());
  }
  if (in.bad()) fail(SourceLocation{file, 0, 0}, "error while reading the file");
  return parse_yaml_text(buffer.str(), path);
}

std::string emit_yaml(const YamlValue& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace returnsim::io
