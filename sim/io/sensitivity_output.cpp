#include "returnsim/io/sensitivity_output.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "h5_file.hpp"
#include "returnsim/io/comparison.hpp"
#include "returnsim/util/errors.hpp"

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

namespace {

void number_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value) {
  h5::Handle space = h5::scalar_space();
  if (H5Aexists(object, name) > 0) h5::check(H5Adelete(object, name), std::string("delete attribute ") + name);
  h5::Handle attribute = h5::checked(H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                                     std::string("cannot create attribute ") + name);
  h5::check(H5Awrite(attribute, memory_type, value), std::string("cannot write attribute ") + name);
}

/// A text coordinate of the group, made a dimension scale of its own name.
h5::Handle text_scale(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                      const std::string& description) {
  h5::Handle type = h5::vlen_string_type();
  h5::Handle space = h5::simple_space({static_cast<hsize_t>(labels.size())});
  h5::Handle ds = h5::checked(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                              H5Dclose, "cannot create sensitivity/" + name);
  std::vector<const char*> pointers;
  for (const auto& label : labels) pointers.push_back(label.c_str());
  if (!labels.empty()) {
    h5::check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write sensitivity/" + name);
  }
  h5::write_string_attribute(ds, "long_name", description);
  h5::check(H5DSset_scale(ds, name.c_str()), "dimension scale sensitivity/" + name);
  return ds;
}

/// The group `sensitivity` of the open file: every handle it opens is closed on return.
void write_group(hid_t file, const std::string& path, const KpiSensitivity& s) {
  if (h5::has_link(file, "sensitivity")) h5::check(H5Ldelete(file, "sensitivity", H5P_DEFAULT), "replace sensitivity in " + path);
  h5::Handle group = h5::create_group(file, "sensitivity", path);

  char confidence_text[32];
  std::snprintf(confidence_text, sizeof confidence_text, "%g", s.confidence_level);
  const std::string setting = "; " + std::to_string(s.resamples) + " bootstrap resamples of the " +
                              std::to_string(s.base_samples) + " base samples (N), confidence level " +
                              confidence_text + "; SALib's conventions (engine/sensitivity.hpp)";
  h5::write_string_attribute(group, "description",
                             "Sobol' indices of each KPI per policy and factor, from the sampled worlds' KPIs "
                             "averaged over their completed replications (Saltelli design, design sobol)" + setting +
                             "; NaN where a sampled world has no completed run with a value");
  const long long resamples = s.resamples, base_samples = static_cast<long long>(s.base_samples);
  number_attribute(group, "resamples", H5T_STD_I64LE, H5T_NATIVE_LLONG, &resamples);
  number_attribute(group, "confidence_level", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &s.confidence_level);
  number_attribute(group, "base_samples", H5T_STD_I64LE, H5T_NATIVE_LLONG, &base_samples);

  const std::vector<std::pair<std::string, h5::Handle>> scales = [&] {
    std::vector<std::pair<std::string, h5::Handle>> out;
    out.emplace_back("policy", text_scale(group, "policy", s.policies, "policy"));
    out.emplace_back("kpi", text_scale(group, "kpi", s.kpis, "KPI (a root variable of this file)"));
    out.emplace_back("factor", text_scale(group, "factor", s.factors, "sampled factor: its path in the sweep"));
    return out;
  }();

  struct Variable {
    const char* name;
    const char* long_name;
    const char* description;
    std::vector<double> engine::SobolIndices::*values;
  };
  const Variable variables[] = {
      {"S1", "first-order Sobol' index",
       "share of the KPI's variance due to the factor alone: mean(f(B) (f(AB_i) - f(A))) / V, Saltelli et al. "
       "2010 Table 2 (b), f centred on the mean of all outputs, V = var(f(A), f(B)), ddof 0",
       &engine::SobolIndices::first_order},
      {"S1_conf", "half-width of the confidence interval of S1",
       "z * standard deviation (ddof 1) of S1 over bootstrap resamples of the base samples; the interval is S1 +- "
       "S1_conf",
       &engine::SobolIndices::first_order_conf},
      {"ST", "total Sobol' index",
       "share of the KPI's variance due to the factor with all its interactions: mean((f(A) - f(AB_i))^2) / 2V, "
       "Jansen 1999 (Saltelli et al. 2010 Table 2 (f))",
       &engine::SobolIndices::total},
      {"ST_conf", "half-width of the confidence interval of ST",
       "z * standard deviation (ddof 1) of ST over bootstrap resamples of the base samples; the interval is ST +- "
       "ST_conf",
       &engine::SobolIndices::total_conf},
  };
  const std::vector<hsize_t> shape = {s.policies.size(), s.kpis.size(), s.factors.size()};
  const double fill = std::numeric_limits<double>::quiet_NaN();
  for (const auto& v : variables) {
    std::vector<double> values;
    for (const auto& row : s.cells) {
      for (const auto& cell : row) {
        const auto& per_factor = cell.indices.*v.values;
        values.insert(values.end(), per_factor.begin(), per_factor.end());
      }
    }
    h5::Handle space = h5::simple_space(shape);
    h5::Handle dcpl = h5::property_list(H5P_DATASET_CREATE);
    h5::check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill), "fill value");
    h5::Handle ds = h5::checked(H5Dcreate2(group, v.name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                                H5Dclose, std::string("cannot create sensitivity/") + v.name);
    if (!values.empty()) {
      h5::check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                std::string("write sensitivity/") + v.name);
    }
    h5::write_string_attribute(ds, "long_name", v.long_name);
    h5::write_string_attribute(ds, "units", "1");
    h5::write_string_attribute(ds, "description", std::string(v.description) + setting);
    number_attribute(ds, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &fill);
    for (unsigned d = 0; d < scales.size(); ++d) {
      h5::check(H5DSattach_scale(ds, scales[d].second, d), "attach dimension " + scales[d].first);
    }
  }
}

}  // namespace

void write_sensitivity_group(const std::string& path) {
  h5::silence_errors();
  {
    // Files of other designs (and `run` files, which have none) are left alone unread.
    h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "cannot open " + path);
    if (!h5::has_attribute(file, "design") || h5::read_string_attribute(file, "design") != "sobol") return;
  }
  const KpiTable table = read_kpi_table(path);
  const auto indices = kpi_sensitivity(table, table.kpi_names);
  if (!indices) return;  // not N blocks of factors + 2 worlds
  h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                                "cannot open " + path + " to write");
  write_group(file, path, *indices);
  if (H5Fclose(file.release()) < 0) throw IoError("cannot close " + path);
}

}  // namespace returnsim::io
