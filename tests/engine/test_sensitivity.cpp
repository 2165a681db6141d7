#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "../support.hpp"
#include "returnsim/engine/sensitivity.hpp"
#include "returnsim/engine/sweep_plan.hpp"

// Sobol' indices with SALib's conventions and bootstrap intervals (engine/sensitivity.hpp). The
// reference numbers come from tests/engine/salib_reference.py, a numpy transcription of SALib's
// sobol.analyze(calc_second_order=False), checked against SALib 1.5.2's own code.

using namespace returnsim;
using scenario::Design;
using scenario::Factor;

namespace {

double ishigami(const std::vector<double>& x) {
  const double x3_4 = (x[2] * x[2]) * (x[2] * x[2]);
  return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) + 0.1 * x3_4 * std::sin(x[0]);
}

/// Ishigami's analytic indices (a = 7, b = 0.1, inputs uniform on [-pi, pi]).
constexpr double kIshigamiS1[] = {0.3139, 0.4424, 0.0};
constexpr double kIshigamiST[] = {0.5576, 0.4424, 0.2437};

/// Outputs of `f` over the project's Saltelli design (Latin hypercubes A and B) of N base samples.
std::vector<double> saltelli_outputs(std::size_t factors, int base_samples, double low, double high,
                                     const std::function<double(const std::vector<double>&)>& f) {
  scenario::Uncertainties u;
  u.design = Design::sobol;
  u.samples = base_samples;
  u.factors.assign(factors, test::factor_range(low, high));
  std::vector<double> y;
  for (const auto& row : engine::sample_factors(u, 2024)) y.push_back(f(row));
  return y;
}

/// Ishigami over the Saltelli design of salib_reference.py's weyl_ishigami: A and B are Kronecker
/// points u_jd = fmod(0.5 + (j + 1) frac(sqrt(p_d)), 1), p = 2, 3, 5 (A) and 7, 11, 13 (B), so
/// that numpy and this test evaluate the same doubles.
std::vector<double> weyl_ishigami(std::size_t n) {
  const double primes[] = {2, 3, 5, 7, 11, 13};
  std::vector<double> y;
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> a(3), b(3);
    for (std::size_t d = 0; d < 6; ++d) {
      const double alpha = std::sqrt(primes[d]) - std::floor(std::sqrt(primes[d]));
      const double u = std::fmod(0.5 + static_cast<double>(j + 1) * alpha, 1.0);
      (d < 3 ? a[d] : b[d - 3]) = -std::numbers::pi + 2 * std::numbers::pi * u;
    }
    y.push_back(ishigami(a));
    for (std::size_t i = 0; i < 3; ++i) {
      auto ab = a;
      ab[i] = b[i];
      y.push_back(ishigami(ab));
    }
    y.push_back(ishigami(b));
  }
  return y;
}

}  // namespace

TEST_CASE("S1 and ST follow SALib's formulas exactly on a hand-made design", "[sobol]") {
  // N = 4 blocks of (A, AB_1, AB_2, B). SALib: S1 = mean(B (AB_i - A)) / var(A, B) on
  // Y normalised by its overall mean and std; var with ddof 0.
  const std::vector<double> y = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 2};
  const auto s = engine::sobol_indices(y, 2);
  // A variance with ddof 1 gives 7/8 of these (0.3747, -0.2312); centring f(B) on the mean of A
  // and B instead of all outputs gives 0.4282, -0.2642.
  CHECK(s.first_order[0] == Approx(0.4328018223234624).margin(1e-12));
  CHECK(s.first_order[1] == Approx(-0.25968109339407747).margin(1e-12));
  CHECK(s.total[0] == Approx(0.5102505694760819).margin(1e-12));
  CHECK(s.total[1] == Approx(0.1822323462414579).margin(1e-12));
  CHECK(s.variance == Approx(54.875 / 8));  // of A and B about their mean 4.875, ddof 0
  CHECK(s.base_samples == 4);
  CHECK(s.resamples == 100);  // SALib's defaults
  CHECK(s.confidence_level == 0.95);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(s.first_order_conf[i] > 0);
    CHECK(s.total_conf[i] > 0);
  }
}

TEST_CASE("the standard normal quantile is scipy's norm.ppf", "[sobol]") {
  CHECK(engine::standard_normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(engine::standard_normal_quantile(0.95) == Approx(1.6448536269514722).epsilon(1e-14));
  CHECK(engine::standard_normal_quantile(0.99) == Approx(2.3263478740408408).epsilon(1e-14));
  CHECK(engine::standard_normal_quantile(0.5) == Approx(0.0).margin(1e-15));
  CHECK(engine::standard_normal_quantile(0.001) == Approx(-3.090232306167813).epsilon(1e-14));
  CHECK(engine::standard_normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-13));
  CHECK_THROWS_AS(engine::standard_normal_quantile(1.0), std::invalid_argument);
}

TEST_CASE("bootstrap intervals agree with SALib's bootstrap in the long run", "[sobol]") {
  const auto y = weyl_ishigami(1024);
  // SALib on the same outputs; its intervals with 200,000 resamples (salib_reference.py).
  const double s1[] = {0.3260186710111628, 0.44546254957577996, -0.01043034133212211};
  const double st[] = {0.6077501185076131, 0.4436615322379497, 0.24223896996475539};
  const double s1_conf[] = {0.06460694432663514, 0.05455734874077397, 0.05346673261553604};
  const double st_conf[] = {0.09922539699271779, 0.04123261927853361, 0.02723531325442645};
  // 4,000 resamples: the standard deviation to about 1.5%. Drawing A, AB_i and B rows
  // independently gives S1_conf 0.089, 0.086, 0.086; z = 1.645 (a 90% level) 16% less.
  const auto many = engine::sobol_indices(y, 3, 4000);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i + 1);
    CHECK(many.first_order[i] == Approx(s1[i]).margin(1e-9));
    CHECK(many.total[i] == Approx(st[i]).margin(1e-9));
    CHECK(many.first_order_conf[i] == Approx(s1_conf[i]).epsilon(0.06));
    CHECK(many.total_conf[i] == Approx(st_conf[i]).epsilon(0.06));
  }
  // SALib's default of 100 resamples: the standard deviation to about 7-10%.
  const auto hundred = engine::sobol_indices(y, 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i + 1);
    CHECK(hundred.first_order_conf[i] == Approx(s1_conf[i]).epsilon(0.3));
    CHECK(hundred.total_conf[i] == Approx(st_conf[i]).epsilon(0.3));
  }
}

TEST_CASE("Ishigami indices lie within their intervals, which shrink as 1/sqrt(N)", "[sobol]") {
  const double pi = std::numbers::pi;
  const auto large = engine::sobol_indices(saltelli_outputs(3, 8192, -pi, pi, ishigami), 3);
  const auto small = engine::sobol_indices(saltelli_outputs(3, 512, -pi, pi, ishigami), 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i + 1 << ": S1 " << large.first_order[i] << " +- " << large.first_order_conf[i] << ", ST "
                   << large.total[i] << " +- " << large.total_conf[i]);
    CHECK(std::abs(large.first_order[i] - kIshigamiS1[i]) <= large.first_order_conf[i]);
    CHECK(std::abs(large.total[i] - kIshigamiST[i]) <= large.total_conf[i]);
    CHECK(large.first_order_conf[i] < 0.03);
    // 16 times the base samples: intervals 4 times narrower (each known to about 10%).
    CHECK(small.first_order_conf[i] / large.first_order_conf[i] == Approx(4).epsilon(0.3));
    CHECK(small.total_conf[i] / large.total_conf[i] == Approx(4).epsilon(0.3));
  }
}

TEST_CASE("bootstrap resamples: the same rows for A, AB_i and B, from a fixed key", "[sobol]") {
  // y = x1 + 2 x2 + 0 x3: AB_3 = A exactly, so every resample of the same rows gives S1_3 =
  // ST_3 = 0 and the interval is exactly 0 (independent rows would not).
  const auto y = saltelli_outputs(3, 256, 0, 1, [](const std::vector<double>& x) { return 100 + x[0] + 2 * x[1]; });
  const auto s = engine::sobol_indices(y, 3);
  CHECK(s.first_order[2] == 0);
  CHECK(s.total[2] == 0);
  CHECK(s.first_order_conf[2] == 0);
  CHECK(s.total_conf[2] == 0);
  CHECK(s.first_order_conf[0] > 0);
  CHECK(s.first_order[0] == Approx(0.2).margin(2 * s.first_order_conf[0]));
  CHECK(s.first_order[1] == Approx(0.8).margin(2 * s.first_order_conf[1]));

  // Deterministic: the same outputs give the same intervals.
  const auto again = engine::sobol_indices(y, 3);
  CHECK(again.first_order_conf == s.first_order_conf);
  CHECK(again.total_conf == s.total_conf);
  // The same draws at another level: the interval scales by z alone.
  const auto ninety = engine::sobol_indices(y, 3, 100, 0.90);
  const double z_ratio = engine::standard_normal_quantile(0.95) / engine::standard_normal_quantile(0.975);
  CHECK(ninety.first_order_conf[0] == Approx(s.first_order_conf[0] * z_ratio).epsilon(1e-12));
  CHECK(ninety.total_conf[1] == Approx(s.total_conf[1] * z_ratio).epsilon(1e-12));
  // Other resample counts draw other resamples.
  CHECK(engine::sobol_indices(y, 3, 101).first_order_conf[0] != s.first_order_conf[0]);
}

TEST_CASE("Sobol' indices: constant outputs and bad arguments", "[sobol]") {
  // f(A) and f(B) all equal: NaN (SALib returns 0 with a warning), V = 0.
  const auto s = engine::sobol_indices(std::vector<double>(12, 3.0), 1);
  CHECK(s.variance == 0);
  CHECK(std::isnan(s.first_order[0]));
  CHECK(std::isnan(s.total[0]));
  CHECK(std::isnan(s.first_order_conf[0]));
  CHECK(std::isnan(s.total_conf[0]));
  const std::vector<double> y = {1, 2, 3, 4, 5, 6};
  CHECK_THROWS_AS(engine::sobol_indices({1, 2, 3, 4}, 1), std::invalid_argument);
  CHECK_THROWS_AS(engine::sobol_indices({}, 1), std::invalid_argument);
  CHECK_THROWS_AS(engine::sobol_indices(y, 1, 1), std::invalid_argument);
  CHECK_THROWS_AS(engine::sobol_indices(y, 1, 100, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(engine::sobol_indices(y, 1, 100, 0.0), std::invalid_argument);
  CHECK_NOTHROW(engine::sobol_indices(y, 1));
}
