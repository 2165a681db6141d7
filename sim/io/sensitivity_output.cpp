#include "returnsim/io/sensitivity_output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "returnsim/io/comparison.hpp"

namespace returnsim::io {

std::optional<KpiSensitivity> kpi_sensitivity(const KpiTable& t, const std::vector<std::string>& kpis) {
  const std::size_t k = t.factor_paths.size();
  long long worlds = 0;
  for (auto s : t.sample) worlds = std::max(worlds, s + 1);
  if (t.design != "sobol" || k == 0 || worlds == 0 || static_cast<std::size_t>(worlds) % (k + 2) != 0) {
    return std::nullopt;
  }
  KpiSensitivity out;
  out.base_samples = static_cast<std::size_t>(worlds) / (k + 2);
  out.kpis = kpis;
  out.factors = t.factor_paths;
  for (const auto& p : t.policy) {
    if (std::find(out.policies.begin(), out.policies.end(), p) == out.policies.end()) out.policies.push_back(p);
  }
  std::vector<std::size_t> columns;
  for (const auto& name : kpis) {
    const auto at = std::find(t.kpi_names.begin(), t.kpi_names.end(), name);
    if (at == t.kpi_names.end()) throw std::invalid_argument("kpi_sensitivity: no KPI " + name);
    columns.push_back(static_cast<std::size_t>(at - t.kpi_names.begin()));
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& policy : out.policies) {
    auto& row = out.cells.emplace_back();
    for (std::size_t column : columns) {
      // Each world's KPI, averaged over its completed replications with a value.
      std::vector<double> sum(static_cast<std::size_t>(worlds), 0.0), count(static_cast<std::size_t>(worlds), 0.0);
      for (std::size_t r = 0; r < t.policy.size(); ++r) {
        const double v = t.kpi[column][r];
        if (t.completed[r] == 0 || t.policy[r] != policy || std::isnan(v)) continue;
        sum[static_cast<std::size_t>(t.sample[r])] += v;
        count[static_cast<std::size_t>(t.sample[r])] += 1;
      }
      KpiSensitivity::Cell cell;
      for (std::size_t w = 0; w < sum.size(); ++w) {
        if (count[w] == 0) ++cell.missing_worlds;
        sum[w] = count[w] > 0 ? sum[w] / count[w] : nan;
      }
      if (cell.missing_worlds == 0) {
        cell.indices = engine::sobol_indices(sum, k, out.resamples, out.confidence_level);
      } else {
        auto& s = cell.indices;
        s.first_order.assign(k, nan);
        s.first_order_conf.assign(k, nan);
        s.total.assign(k, nan);
        s.total_conf.assign(k, nan);
        s.variance = nan;
        s.base_samples = out.base_samples;
        s.resamples = out.resamples;
        s.confidence_level = out.confidence_level;
      }
      row.push_back(std::move(cell));
    }
  }
  return out;
}

std::vector<std::string> inconclusive_indices(const engine::SobolIndices& s, const std::vector<std::string>& factors) {
  std::vector<std::string> out;
  auto check = [&](const std::string& factor, const char* index, double estimate, double conf) {
    // NaN compares false: an index without an estimate or interval is never flagged.
    if (std::abs(estimate) >= kNegligibleIndex && conf >= std::abs(estimate)) {
      char text[64];
      std::snprintf(text, sizeof text, " %s %.2f \u00b1 %.2f", index, estimate, conf);
      out.push_back(factor + text);
    }
  };
  for (std::size_t i = 0; i < factors.size() && i < s.first_order.size(); ++i) {
    check(factors[i], "S1", s.first_order[i], s.first_order_conf[i]);
    check(factors[i], "ST", s.total[i], s.total_conf[i]);
  }
  return out;
}

std::string format_sensitivity_json(const KpiSensitivity& s, const std::string& indent) {
  auto number = [](double v) {
    if (std::isnan(v)) return std::string("null");
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", v);
    return std::string(buffer);
  };
  auto texts = [](const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + json_quoted(values[i]);
    return out + "]";
  };
  auto numbers = [&](const std::vector<double>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + number(values[i]);
    return out + "]";
  };
  std::string out = "{\n" + indent + "  \"base_samples\": " + std::to_string(s.base_samples) +
                    ", \"resamples\": " + std::to_string(s.resamples) + ", \"confidence_level\": " +
                    number(s.confidence_level) + ", \"negligible_index\": " + number(kNegligibleIndex) + ",\n";
  out += indent + "  \"factors\": " + texts(s.factors) + ",\n";
  out += indent + "  \"kpis\": " + texts(s.kpis) + ",\n";
  out += indent + "  \"policies\": [\n";
  for (std::size_t p = 0; p < s.policies.size(); ++p) {
    out += indent + "    {\"policy\": " + json_quoted(s.policies[p]) + ", \"kpis\": {\n";
    for (std::size_t k = 0; k < s.kpis.size(); ++k) {
      const auto& cell = s.cells[p][k];
      const auto& x = cell.indices;
      out += indent + "      " + json_quoted(s.kpis[k]) + ": {\"S1\": " + numbers(x.first_order) +
             ", \"S1_conf\": " + numbers(x.first_order_conf) + ", \"ST\": " + numbers(x.total) +
             ", \"ST_conf\": " + numbers(x.total_conf) + ", \"missing_worlds\": " +
             std::to_string(cell.missing_worlds) + ", \"inconclusive\": " + texts(inconclusive_indices(x, s.factors)) +
             "}" + (k + 1 < s.kpis.size() ? "," : "") + "\n";
    }
    out += indent + "    }}" + (p + 1 < s.policies.size() ? "," : "") + "\n";
  }
  return out + indent + "  ]\n" + indent + "}";
}

}  // namespace returnsim::io
