#include "returnsim/io/yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "returnsim/util/errors.hpp"

namespace returnsim::io {
namespace {

// Limits that keep any input within bounded time and memory, checked before anything large is
// built. The EU baseline is 0.24 MiB with about 23,000 separators and 15,000 values: the limits
// are five times the EU baseline and keep the worst input under 100 MB and a second
// (yaml-cpp's graph and ours take up to 800 bytes per separator).
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxFileBytes = 8u << 20;    // 8 MiB
constexpr std::size_t kMaxSeparators = 100000;     // , : [ { '- ' and line ends outside quotes and comments
constexpr std::size_t kMaxValues = 100000;         // values after alias expansion
constexpr std::size_t kMaxTextBytes = 16u << 20;   // scalar text after alias expansion: 16 MiB

[[noreturn]] void fail(const SourceLocation& where, const std::string& message) {
  throw ScenarioError({InputProblem{where.file_name(), where.line, where.column, "", message}});
}

SourceLocation location_of(const YAML::Mark& mark, const std::shared_ptr<const std::string>& file) {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0) where.line = mark.line + 1;
  if (mark.column >= 0) where.column = mark.column + 1;
  return where;
}

/// What the tree holds so far, aliases expanded.
struct TreeSize {
  std::size_t values = 0;
  std::size_t text_bytes = 0;
};

/// Converts yaml-cpp's node graph into a tree. Aliases are expanded here, so `size` counts what
/// the tree holds: an alias bomb (a few bytes that expand into billions of values, or one long
/// text repeated by alias) stops at the limit.
YamlValue convert(const YAML::Node& node, const std::shared_ptr<const std::string>& file, int depth,
                  TreeSize& size) {
  YamlValue out;
  out.where = location_of(node.Mark(), file);
  if (depth > kMaxDepth) fail(out.where, "nesting deeper than 64 levels");
  if (++size.values > kMaxValues) {
    fail(out.where, "more than " + std::to_string(kMaxValues) +
                        " values (after expanding aliases): far beyond any scenario; is an alias repeated many times?");
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = YamlValue::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      out.kind = YamlValue::Kind::scalar;
      size.text_bytes += node.Scalar().size();
      if (size.text_bytes > kMaxTextBytes) {
        fail(out.where, "more than 16 MiB of text (after expanding aliases): is a long text repeated by alias?");
      }
      out.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = YamlValue::Kind::sequence;
      for (const auto& item : node) out.items.push_back(convert(item, file, depth + 1, size));
      break;
    case YAML::NodeType::Map:
      out.kind = YamlValue::Kind::map;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const SourceLocation key_where = location_of(it->first.Mark(), file);
        if (!it->first.IsScalar()) fail(key_where, "a key must be plain text");
        const std::string key = it->first.Scalar();
        if (out.find(key) != nullptr) fail(key_where, "duplicate key '" + key + "'");
        out.entries.push_back(YamlEntry{key, key_where, convert(it->second, file, depth + 1, size)});
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

// The emitter. It writes what yaml-cpp's block emitter (indent 2) wrote for our trees, byte for
// byte (checked on every shipped file when it replaced it), without yaml-cpp's regular
// expression matched at every character of every scalar (0.51 billion instructions for the EU
// baseline, a fifth of a `run` of it). Where yaml-cpp wrote a lone carriage return into a plain scalar (which reads back as
// a line break), this quotes it.

/// True when yaml-cpp writes `s` as a plain scalar in block context: not a null word, no
/// indicator first, no ": " or " #", nothing unprintable (its Emitter's IsValidPlainScalar).
bool plain_for_emitter(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return false;
  const auto byte = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  const auto blank_or_end = [&](std::size_t i) {
    return i >= s.size() || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
  };
  if (std::string_view(",[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  if (s.front() == ' ') return false;  // tabs and breaks anywhere: in the loop
  if ((s.front() == '-' || s.front() == '?' || s.front() == ':') && blank_or_end(1)) return false;
  if (s.back() == ' ') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned c = byte(i);
    if (c == ':' && blank_or_end(i + 1)) return false;
    if ((c == ' ' || c == '\t') && byte(i + 1) == '#') return false;
    if (c < 0x20 || c == 0x7F) return false;  // tabs, breaks, a lone CR, control characters
    if (c == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F && byte(i + 1) != 0x85) return false;
    if (c == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) return false;  // byte order mark
  }
  return true;
}

/// The next code point of UTF-8 text from `i` (advanced past it); U+FFFD for a malformed byte.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) > s.size()) return U'\uFFFD';
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    const auto next = static_cast<unsigned char>(s[i]);
    if ((next & 0xC0) != 0x80) return U'\uFFFD';
    cp = (cp << 6) | (next & 0x3F);
    ++i;
  }
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// `s` double-quoted, with YAML's escapes for quotes, backslashes, control characters, the C1
/// range and no-break space, and the byte order mark (as yaml-cpp writes them).
void append_double_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    switch (cp) {
      case U'"': out += "\\\""; break;
      case U'\\': out += "\\\\"; break;
      case U'\n': out += "\\n"; break;
      case U'\t': out += "\\t"; break;
      case U'\r': out += "\\r"; break;
      case U'\b': out += "\\b"; break;
      case U'\f': out += "\\f"; break;
      default:
        if (cp < 0x20 || (cp >= 0x80 && cp <= 0xA0) || cp == 0xFEFF) {
          const int digits = cp <= 0xFF ? 2 : 4;
          out += digits == 2 ? "\\x" : "\\u";
          for (int d = digits - 1; d >= 0; --d) out += kHex[(cp >> (4 * d)) & 0xF];
        } else {
          append_utf8(out, cp);
        }
    }
  }
  out += '"';
}

void append_scalar(std::string& out, const std::string& s, bool as_key) {
  // A value is quoted where our own rule (needs_quotes) or the emitter's asks; a key only where
  // the emitter's does.
  if ((as_key || !needs_quotes(s)) && plain_for_emitter(s)) out += s;
  else append_double_quoted(out, s);
}

bool is_empty_collection(const YamlValue& v) {
  return (v.kind == YamlValue::Kind::map && v.entries.empty()) ||
         (v.kind == YamlValue::Kind::sequence && v.items.empty());
}

void append_leaf(std::string& out, const YamlValue& v) {
  switch (v.kind) {
    case YamlValue::Kind::null: out += '~'; break;
    case YamlValue::Kind::scalar: append_scalar(out, v.scalar, false); break;
    case YamlValue::Kind::map: out += "{}"; break;       // empty
    case YamlValue::Kind::sequence: out += "[]"; break;  // empty
  }
}

void append_block(std::string& out, const YamlValue& v, std::size_t indent, bool first_inline);

/// A leaf after a key's ':' or an item's '-', on the same line.
void append_on_this_line(std::string& out, const YamlValue& v) {
  out += ' ';
  append_leaf(out, v);
  out += '\n';
}

/// A collection after a key's ':' or an item's '-', on the next lines at `indent` (an empty one
/// as "{}" or "[]" on a line of its own).
void append_on_next_lines(std::string& out, const YamlValue& v, std::size_t indent) {
  out += '\n';
  if (is_empty_collection(v)) {
    out.append(indent, ' ');
    append_leaf(out, v);
    out += '\n';
  } else {
    append_block(out, v, indent, false);
  }
}

/// The value of a map entry whose key (and ':') is written: a leaf on the same line, a
/// collection on the next lines at `indent`.
void append_entry_value(std::string& out, const YamlValue& v, std::size_t indent) {
  if (v.kind == YamlValue::Kind::null || v.kind == YamlValue::Kind::scalar) append_on_this_line(out, v);
  else append_on_next_lines(out, v, indent);
}

/// A sequence's item after its "-": a leaf or an empty map on the same line; a map's first entry
/// on the same line, the others at `indent`; a sequence on the next lines at `indent`.
void append_item(std::string& out, const YamlValue& v, std::size_t indent) {
  if (v.kind != YamlValue::Kind::sequence && (v.kind != YamlValue::Kind::map || v.entries.empty())) {
    append_on_this_line(out, v);
  } else if (v.kind == YamlValue::Kind::map) {
    out += ' ';
    append_block(out, v, indent, true);
  } else {
    append_on_next_lines(out, v, indent);
  }
}

/// A non-empty map or sequence, each line at `indent`; the first one's indentation already
/// written when `first_inline`.
void append_block(std::string& out, const YamlValue& v, std::size_t indent, bool first_inline) {
  bool first = true;
  auto line_start = [&] {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
  };
  if (v.kind == YamlValue::Kind::map) {
    for (const auto& entry : v.entries) {
      line_start();
      append_scalar(out, entry.key, true);
      out += ':';
      append_entry_value(out, entry.value, indent + 2);
    }
  } else {
    for (const auto& item : v.items) {
      line_start();
      out += '-';
      append_item(out, item, indent + 2);
    }
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

namespace {

/// The line and column (1-based, in bytes) of byte `at` of `text`.
SourceLocation position_of(const std::string& text, std::size_t at, const std::shared_ptr<const std::string>& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

/// The offset of the first byte that is not valid UTF-8 (overlong forms, surrogates and code
/// points above U+10FFFF included), or npos.
std::size_t first_invalid_utf8(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = s[i];
    std::size_t length = 0;
    unsigned code = 0;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) { length = 2; code = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { length = 3; code = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { length = 4; code = c & 0x07; }
    else return i;
    if (i + length > n) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
        (length == 4 && (code < 0x10000 || code > 0x10FFFF))) {
      return i;
    }
    i += length;
  }
  return std::string::npos;
}

/// Before yaml-cpp builds its own graph: at most so many separators (each value, sequence and map
/// starts after one, so they bound the nodes yaml-cpp would build), and flow collections ([ { ) nested at most kMaxDepth deep, so that neither a
/// long flat list nor a deep nest reaches the parser.
void check_shape(const std::string& text, const std::shared_ptr<const std::string>& file) {
  std::size_t separators = 0;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      if (c == '\n') quote = 0;  // an unterminated quote is the parser's to report
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;  // a comment, to the end of the line
      continue;
    }
    switch (c) {
      case '"': case '\'': quote = c; break;
      case ',': case ':': case '\n': ++separators; break;
      case '-':  // a block sequence's item (a '-' in text counts too: an upper bound)
        if (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n') ++separators;
        break;
      case '[': case '{':
        ++separators;
        if (++depth > kMaxDepth) fail(position_of(text, i, file), "flow collections nested deeper than 64 levels");
        break;
      case ']': case '}': depth = std::max(0, depth - 1); break;
      default: break;
    }
  }
  if (separators > kMaxSeparators) {
    fail(SourceLocation{file, 0, 0}, "more than " + std::to_string(kMaxSeparators) +
                                         " separators: far beyond any scenario (the EU baseline has about 23,000)");
  }
}

/// Where a text's content starts and where a second document would start (1-based lines; 0:
/// none). A line beginning with "---" or "..." followed by a blank or the line's end is a
/// document marker wherever it stands (YAML 1.2, c-forbidden: not even a quoted or block scalar
/// can hold one), so markers are found line by line.
struct DocumentLayout {
  int first_content_line = 0;
  int second_document_line = 0;
};

DocumentLayout document_layout(const std::string& text) {
  DocumentLayout layout;
  bool ended = false;     // a "..." closed the first document
  bool started = false;   // the first document's "---" (or its content) was seen
  int line = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view row(text.data() + start, end - start);
    start = end + 1;
    ++line;
    const bool marker = row.size() >= 3 && (row.substr(0, 3) == "---" || row.substr(0, 3) == "...") &&
                        (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r');
    const std::size_t first = row.find_first_not_of(" \t\r");
    const bool blank = first == std::string_view::npos || row[first] == '#';
    if (marker) {
      const bool opens = row[0] == '-';
      const std::size_t rest = row.find_first_not_of(" \t\r", 3);
      const bool inline_content = rest != std::string_view::npos && row[rest] != '#';
      if (opens && (layout.first_content_line > 0 || (started && ended))) {
        // A second "---": the second document starts on this line if it holds content, else at
        // the next line with content.
        if (inline_content) {
          layout.second_document_line = line;
          return layout;
        }
        ended = true;
        started = true;
        layout.second_document_line = -1;  // pending: the next content line
        continue;
      }
      if (opens) {
        started = true;
        if (inline_content && layout.first_content_line == 0) layout.first_content_line = line;
      } else {
        ended = true;
      }
      continue;
    }
    if (blank || (row[0] == '%' && layout.first_content_line == 0)) continue;  // comments, directives
    if (layout.second_document_line == -1 || (ended && layout.first_content_line > 0)) {
      layout.second_document_line = line;
      return layout;
    }
    if (layout.first_content_line == 0) layout.first_content_line = line;
  }
  if (layout.second_document_line < 0) layout.second_document_line = 0;  // an empty second document
  return layout;
}

}  // namespace

YamlValue parse_yaml_text(const std::string& text, const std::string& label) {
  auto file = std::make_shared<const std::string>(label);
  if (text.size() > kMaxFileBytes) fail(SourceLocation{file, 0, 0}, "the file is larger than 8 MiB");
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    fail(position_of(text, bad, file), "the file is not valid UTF-8 (an invalid byte here; save it as UTF-8)");
  }
  check_shape(text, file);
  // One document only. Found by its markers rather than by YAML::LoadAll, which in yaml-cpp 0.7
  // loops forever, allocating, on some malformed inputs (a stray ',' at the top level: yaml-cpp
  // issue #1040, fixed upstream by PR #1319 after Debian 12's version).
  const DocumentLayout layout = document_layout(text);
  if (layout.second_document_line > 0) {
    fail(SourceLocation{file, layout.second_document_line, 1},
         "a second YAML document (after '---' or '...'): a scenario or sweep is one document");
  }
  YAML::Node document;
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail(location_of(e.mark, file), "YAML syntax error: " + e.msg);
  }
  if (!document.IsDefined() || document.IsNull()) {
    if (layout.first_content_line > 0) {
      fail(SourceLocation{file, layout.first_content_line, 1},
           "YAML syntax error: no document could be read from here (a stray ',', ']' or '}' at the top level?)");
    }
    fail(SourceLocation{file, 1, 1}, "the file is empty; expected a YAML map of sections");
  }
  TreeSize size;
  return convert(document, file, 0, size);
}

YamlValue parse_yaml_file(const std::string& path) {
  auto file = std::make_shared<const std::string>(path);
  // A named pipe would block the read forever, a device never end, a directory not read at all.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    fail(SourceLocation{file, 0, 0}, "not a regular file (a directory, a named pipe or a device)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(SourceLocation{file, 0, 0}, "cannot open the file (does it exist and is it readable?)");
  std::ostringstream buffer;
  char chunk[65536];
  std::size_t total = 0;
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    total += static_cast<std::size_t>(in.gcount());
    if (total > kMaxFileBytes) fail(SourceLocation{file, 0, 0}, "the file is larger than 8 MiB");
    buffer.write(chunk, in.gcount());
  }
  if (in.bad()) fail(SourceLocation{file, 0, 0}, "error while reading the file");
  return parse_yaml_text(buffer.str(), path);
}

std::string emit_yaml(const YamlValue& value) {
  std::string out;
  if (value.kind == YamlValue::Kind::null || value.kind == YamlValue::Kind::scalar || is_empty_collection(value)) {
    append_leaf(out, value);
    out += '\n';
  } else {
    append_block(out, value, 0, false);
  }
  return out;
}

}  // namespace returnsim::io
