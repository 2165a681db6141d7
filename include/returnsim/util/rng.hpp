#pragma once
/// @file
/// Counter-based random numbers. Every draw is a pure function of
/// (run stream, entity, month, purpose), so results do not depend on the order in which agents
/// are updated, on the number of threads, or on how runs are split over processes.
#include <cstdint>

namespace returnsim {

/// What a draw is for. Distinct purposes give independent streams for the same entity and month.
/// Values are part of the output's definition: append new purposes, never renumber.
enum class Purpose : std::uint32_t {
  asylum_decision = 1,
  recognition = 2,
  documented = 3,
  cooperating = 4,
  voluntary_departure = 5,
  abscond = 6,
  subsequent_application = 7,
  subsequent_decision = 8,
  identification_answer = 9,
  laissez_passer = 10,
  secondary_movement = 11,
  secondary_destination = 12,
  apprehension = 13,
  remigration = 14,
  arrivals = 15,
  capacity_rounding = 16,
  selection_offset = 17,
  cooperation_noise = 18,
  council_vote = 19,
  subsequent_recognition = 20,
  transit = 21,
  design_sampling = 22,
  irregular_arrivals = 23,
  removal_failure = 24,
  abc_prior = 25,        ///< calibration: a first-generation particle from the prior
  abc_ancestor = 26,     ///< calibration: the particle a new one moves from
  abc_step = 27,         ///< calibration: the normal step of a move
  posterior_draw = 28,   ///< sweeps: worlds drawn from a calibration's posterior
  sobol_bootstrap = 29,  ///< Sobol' indices: the base rows of a bootstrap resample
  event_wait = 30,       ///< event scheduling: months until an agent's next event (constant hazards)
  waiting_choices = 31,  ///< the waiting room: the gaps between the waiting people of a pair who make a choice
};

/// SplitMix64 finaliser: a bijective 64-bit mixer with full avalanche.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The seed of run `run_index` of a sweep or replication set with seed `base_seed`.
[[nodiscard]] constexpr std::uint64_t derive_run_seed(std::uint64_t base_seed,
                                                      std::uint64_t run_index) noexcept {
  return mix64(mix64(base_seed) ^ mix64(run_index + 0x5bd1e995ULL));
}

/// Uniform double in [0, 1) from the top 53 bits.
[[nodiscard]] constexpr double to_unit(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// The draws of one entity in one month of one run. Cheap to make (two mixes); each draw is
/// one more mix of the purpose and a counter.
class EntityDraws {
 public:
  constexpr EntityDraws(std::uint64_t run_seed, std::uint64_t entity, std::uint32_t month) noexcept
      : base_(mix64(run_seed ^ mix64(entity * 0xd1b54a32d192ed03ULL + month))) {}

  /// Uniform in [0, 1) for `purpose`; `k` numbers several draws of the same purpose.
  [[nodiscard]] constexpr double uniform(Purpose purpose, std::uint32_t k = 0) const noexcept {
    return to_unit(bits(purpose, k));
  }
  [[nodiscard]] constexpr std::uint64_t bits(Purpose purpose, std::uint32_t k = 0) const noexcept {
    return mix64(base_ ^ ((static_cast<std::uint64_t>(purpose) << 32 | k) * 0x9e3779b97f4a7c15ULL));
  }
  /// True with probability p (p outside [0, 1] is clamped by the comparison).
  [[nodiscard]] constexpr bool bernoulli(Purpose purpose, double p, std::uint32_t k = 0) const noexcept {
    return uniform(purpose, k) < p;
  }

 private:
  std::uint64_t base_;
};

/// Entity-number spaces, so that an agent, a route and an origin with the same index never share
/// a stream.
enum class EntitySpace : std::uint64_t { agent = 0, route = 1, origin = 2, member_state = 3, global = 4, pair = 5 };

[[nodiscard]] constexpr std::uint64_t entity_id(EntitySpace space, std::uint64_t index) noexcept {
  return (static_cast<std::uint64_t>(space) << 56) ^ index;
}

/// Poisson draw by inversion (for small means) or a rounded normal approximation (mean > 64).
/// Deterministic given the draws object; used for monthly counts of new arrivals.
[[nodiscard]] std::uint64_t poisson(const EntityDraws& draws, Purpose purpose, double mean) noexcept;

}  // namespace returnsim
