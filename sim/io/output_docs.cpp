#include "returnsim/io/output_docs.hpp"

#include <string_view>
#include <vector>

#include "returnsim/engine/run_result.hpp"

namespace returnsim::io {
namespace {

using engine::Dims;

std::string dims_label(Dims d) {
  std::string out = "[";
  for (const auto name : engine::dimension_names(d)) out += (out.size() > 1 ? ", " : "") + std::string(name);
  return out + "]";
}

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out.empty() ? "-" : out;
}

std::string flags(std::string_view values, std::string_view meanings) {
  if (values.empty()) return "-";
  return std::string(values) + ": " + std::string(meanings);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string output_variables_markdown() {
  std::string out;
  const Dims order[] = {Dims::run_month_origin_state, Dims::run_month_origin, Dims::run_month_state, Dims::run_month,
                        Dims::run};
  for (const Dims d : order) {
    out += "### `" + dims_label(d) + "`" + (d == Dims::run ? " (KPIs: NaN when the denominator is 0)" : "") + "\n\n";
    out += "| variable | type | units | long_name | description | flags |\n|---|---|---|---|---|---|\n";
    for (const auto& v : engine::output_variables()) {
      if (v.dims != d) continue;
      out += "| `" + std::string(v.name) + "` | " + std::string(engine::storage_name(engine::storage_of(v))) + " | `" +
             std::string(v.units) + "` | " + cell(v.long_name) + " | " + cell(v.description) + " | " +
             cell(flags(v.flag_values, v.flag_meanings)) + " |\n";
    }
    out += "\n";
  }
  out += "### `policy_events` columns `[row]`\n\n";
  out += "| column | type | units | long_name | description | flags |\n|---|---|---|---|---|---|\n";
  for (const auto& c : engine::policy_event_columns()) {
    std::string units = "-";
    if (!c.units.empty()) {
      units = "`";  // built piecewise: GCC 12 warns falsely (-Wrestrict) on "`" + std::string
      units += c.units;
      units += '`';
    }
    out += "| `" + std::string(c.name) + "` | " + std::string(engine::storage_name(c.storage)) + " | " + units +
           " | " + cell(c.long_name) + " | " + cell(c.description) + " | " +
           cell(flags(c.flag_values, c.flag_meanings)) + " |\n";
  }
  return out;
}

std::string output_variables_json() {
  auto entry = [](std::string_view name, const std::vector<std::string_view>& dims, engine::Storage storage,
                  std::string_view units, std::string_view long_name, std::string_view description,
                  std::string_view flag_values, std::string_view flag_meanings) {
    std::string dim_list = "[";
    for (const auto d : dims) dim_list += (dim_list.size() > 1 ? ", " : "") + json_string(d);
    return "    {\"name\": " + json_string(name) + ", \"dims\": " + dim_list + "], \"type\": " +
           json_string(engine::storage_name(storage)) + ", \"units\": " + json_string(units) +
           ", \"long_name\": " + json_string(long_name) + ", \"description\": " + json_string(description) +
           ", \"flag_values\": " + json_string(flag_values) + ", \"flag_meanings\": " + json_string(flag_meanings) + "}";
  };
  std::string out = "{\n  \"variables\": [\n";
  bool first = true;
  for (const auto& v : engine::output_variables()) {
    out += (first ? "" : ",\n") + entry(v.name, engine::dimension_names(v.dims), engine::storage_of(v), v.units,
                                        v.long_name, v.description, v.flag_values, v.flag_meanings);
    first = false;
  }
  out += "\n  ],\n  \"policy_events\": [\n";
  first = true;
  for (const auto& c : engine::policy_event_columns()) {
    out += (first ? "" : ",\n") +
           entry(c.name, {"row"}, c.storage, c.units, c.long_name, c.description, c.flag_values, c.flag_meanings);
    first = false;
  }
  return out + "\n  ]\n}\n";
}

}  // namespace returnsim::io
