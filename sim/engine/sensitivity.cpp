#include "returnsim/engine/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "returnsim/util/rng.hpp"

namespace returnsim::engine {

double standard_normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("standard_normal_quantile: p must be in (0, 1)");
  // Acklam's rational approximation (relative error < 1.2e-9), then one Halley step on the
  // exact CDF (erfc), which brings it to double precision.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double tail = 0.02425;
  auto tail_value = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  };
  double x;
  if (p < tail) {
    x = tail_value(std::sqrt(-2 * std::log(p)));
  } else if (p > 1 - tail) {
    x = -tail_value(std::sqrt(-2 * std::log1p(-p)));
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double error = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = error * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

namespace {

/// The centred outputs of a Saltelli design, read by base row.
struct Design {
  const std::vector<double>& y;
  std::size_t k;
  [[nodiscard]] double a(std::size_t j) const { return y[j * (k + 2)]; }
  [[nodiscard]] double b(std::size_t j) const { return y[j * (k + 2) + k + 1]; }
  [[nodiscard]] double ab(std::size_t j, std::size_t i) const { return y[j * (k + 2) + 1 + i]; }
};

/// S1 and ST of every factor over the base rows `rows` (a resample may repeat rows); false when
/// the variance of f over those rows of A and B is 0.
bool estimate(const Design& f, const std::vector<std::size_t>& rows, std::vector<double>& first,
              std::vector<double>& total, double& variance) {
  const auto n = static_cast<double>(rows.size());
  double mean = 0;
  for (std::size_t j : rows) mean += f.a(j) + f.b(j);
  mean /= 2 * n;
  variance = 0;
  for (std::size_t j : rows) variance += (f.a(j) - mean) * (f.a(j) - mean) + (f.b(j) - mean) * (f.b(j) - mean);
  variance /= 2 * n;  // ddof 0, as numpy's var (SALib)
  if (!(variance > 0)) return false;
  for (std::size_t i = 0; i < f.k; ++i) {
    double first_sum = 0, total_sum = 0;
    for (std::size_t j : rows) {
      const double step = f.ab(j, i) - f.a(j);
      first_sum += f.b(j) * step;
      total_sum += step * step;
    }
    first[i] = first_sum / n / variance;
    total[i] = total_sum / (2 * n) / variance;
  }
  return true;
}

double sample_sd(const std::vector<double>& values) {
  if (values.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& y, std::size_t k, int resamples, double confidence_level) {
  const std::size_t block = k + 2;
  if (y.empty() || y.size() % block != 0) {
    throw std::invalid_argument("sobol_indices: expected N blocks of factors + 2 outputs");
  }
  if (resamples < 2) throw std::invalid_argument("sobol_indices: at least 2 bootstrap resamples");
  if (!(confidence_level > 0 && confidence_level < 1)) {
    throw std::invalid_argument("sobol_indices: the confidence level must be in (0, 1)");
  }
  const std::size_t n = y.size() / block;
  if (n > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("sobol_indices: too many base samples");
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // SALib's normalisation (Y - mean) / std, without the division, which cancels in every ratio.
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(y.size());
  std::vector<double> centred(y.size());
  std::transform(y.begin(), y.end(), centred.begin(), [&](double v) { return v - mean; });
  const Design f{centred, k};

  SobolIndices out;
  out.base_samples = n;
  out.resamples = resamples;
  out.confidence_level = confidence_level;
  out.first_order.assign(k, nan);
  out.total.assign(k, nan);
  out.first_order_conf.assign(k, nan);
  out.total_conf.assign(k, nan);

  // All A and B outputs equal (SALib's np.ptp == 0): no variance to share out. Compared on the
  // raw values, so that rounding in the mean cannot fake a tiny variance.
  bool constant = true;
  for (std::size_t j = 0; j < n && constant; ++j) {
    constant = y[j * block] == y[0] && y[j * block + k + 1] == y[0];
  }
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) rows[j] = j;
  if (constant) {
    out.variance = 0;
    return out;
  }
  estimate(f, rows, out.first_order, out.total, out.variance);

  std::vector<std::vector<double>> first_resampled(k), total_resampled(k);
  std::vector<double> first(k), total(k);
  double resample_variance = 0;
  for (int r = 0; r < resamples; ++r) {
    const EntityDraws draws(kSobolBootstrapKey, entity_id(EntitySpace::global, static_cast<std::uint64_t>(r)), 0);
    for (std::size_t j = 0; j < n; ++j) {
      const double u = draws.uniform(Purpose::sobol_bootstrap, static_cast<std::uint32_t>(j));
      rows[j] = std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
    }
    if (!estimate(f, rows, first, total, resample_variance)) continue;
    for (std::size_t i = 0; i < k; ++i) {
      first_resampled[i].push_back(first[i]);
      total_resampled[i].push_back(total[i]);
    }
  }
  const double z = standard_normal_quantile(0.5 + confidence_level / 2);
  for (std::size_t i = 0; i < k; ++i) {
    out.first_order_conf[i] = z * sample_sd(first_resampled[i]);
    out.total_conf[i] = z * sample_sd(total_resampled[i]);
  }
  return out;
}

}  // namespace returnsim::engine
