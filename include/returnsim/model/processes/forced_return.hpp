#pragma once
/// @file
/// The forced-return pipeline of each member state (SPEC §5 item 5;
/// docs/sources.md#S-nl-letter-2021-03, docs/sources.md#S-nl-letter-2024-01): casework takes up
/// cases within `casework_capacity`, sharing it among the cases in proportion to their chance of
/// success raised to `casework_priority`: the chance is the pair's cooperation for a person with
/// documents, times `undocumented_factor` for one without (return services take up first the cases
/// that have a prospect; assumption; docs/sources.md#S-nl-letter-2024-01: cooperation is a sliding
/// scale, documented people are identified faster). A person who holds identity documents needs no
/// identification request (the passport establishes nationality: documented people are identified
/// faster, docs/sources.md#S-nl-letter-2024-01; the Gambia arrangement of 2018: a laissez-passer
/// within 5 days with documents, docs/sources.md#S-gm-press): taken up, the case is identified at
/// once (the origin still has to accept the return: the same monthly chance as a laissez-passer,
/// but no travel document). For the others casework sends an identification request; the origin
/// answers within its `id_capacity` (all states together), positively with a probability set by the
/// pair's cooperation, the person's documents and cooperation; identified people get a
/// laissez-passer with probability `laissez_passer_rate x cooperation` per month; removal is
/// attempted within `removal_capacity` (escorts, seats) and fails with `removal_failure_at_liberty`
/// or, from detention, `removal_failure_detained` (no-show, resistance, refusal at arrival; NL
/// 2018: 2,410 failed vs 1,760 successful, docs/sources.md#S-nl-other): a failed attempt uses its
/// slot, the person keeps the travel document and can be tried again; people who hold a travel
/// document (a reasonable prospect of removal: Return Directive art. 15) can be detained within
/// `detention_capacity` for at most `detention_max_months`. Unanswered requests are withdrawn after
/// `request_expiry_months`; after a refusal or a withdrawal casework waits `request_retry_months`
/// before it submits the case again (so that hopeless cases do not take every casework slot).
/// Nothing enters the pipeline for an origin with `safe_return: false` or without diplomatic
/// relations. Capacities follow their schedules.
///
/// Capacities are met exactly and deterministically whatever the thread count: a start-of-month
/// census counts the candidates of every stage per block of agents; each candidate's rank is its
/// block's prefix plus its position in the block; systematic sampling with a random offset picks
/// exactly `quota` of the `candidates` ranks, every candidate with the same chance.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "returnsim/model/processes/context.hpp"

namespace returnsim::model::processes {

/// The agents a stage may serve this month and how many it serves.
struct StageSelection {
  std::int64_t candidates = 0;
  std::int64_t quota = 0;   ///< 0 <= quota <= candidates
  std::int64_t offset = 0;  ///< systematic-sampling offset in [0, candidates)
};

/// True for exactly `quota` of the ranks 0..candidates-1.
[[nodiscard]] inline bool is_selected(std::int64_t rank, const StageSelection& s) noexcept {
  if (s.quota <= 0) return false;
  if (s.quota >= s.candidates) return true;
  return ((rank + 1) * s.quota + s.offset) / s.candidates != (rank * s.quota + s.offset) / s.candidates;
}

/// Stage bits of `candidacy`.
namespace candidate {
inline constexpr unsigned casework = 1u;
inline constexpr unsigned identification = 2u;
inline constexpr unsigned removal = 4u;
inline constexpr unsigned detention = 8u;
}  // namespace candidate

/// Which capacity-limited stages an agent is a candidate for, from its start-of-month state.
/// The census and the monthly pass both call this, so their counts agree by construction.
[[nodiscard]] inline unsigned candidacy(Status status, std::uint8_t flags, bool forced_possible) noexcept {
  if (status != Status::order_to_leave) return 0;
  const bool detained = (flags & flag::detained) != 0;
  switch (stage_of(flags)) {
    case Stage::none: return forced_possible && !detained && !(flags & flag::refused) ? candidate::casework : 0u;
    case Stage::requested: return candidate::identification;
    case Stage::identified: return 0u;  // detention needs a reasonable prospect of removal: a travel document
    case Stage::laissez_passer: return candidate::removal | (detained ? 0u : candidate::detention);
  }
  return 0;
}

/// Keys of one block's candidate counters: removal and detention per state, identification per
/// origin, then casework per origin-state pair (World::pair) and documentation.
struct PipelineLayout {
  std::size_t states = 0;
  std::size_t origins = 0;
  [[nodiscard]] std::size_t size() const noexcept { return 2 * states + origins + 2 * origins * states; }
  [[nodiscard]] std::size_t removal(std::size_t s) const noexcept { return s; }
  [[nodiscard]] std::size_t detention(std::size_t s) const noexcept { return states + s; }
  [[nodiscard]] std::size_t identification(std::size_t o) const noexcept { return 2 * states + o; }
  [[nodiscard]] std::size_t casework(std::size_t pair, bool documented) const noexcept {
    return 2 * states + origins + 2 * pair + (documented ? 1 : 0);
  }
};

/// Shares `capacity` among groups with `candidates` each in proportion to candidates x `weight`
/// (water-filling: no group gets more than its candidates; what one cannot use goes to the
/// others), in whole units that add up to min(capacity, all candidates); remainders go to the
/// largest fractions, ties to the lower index.
[[nodiscard]] std::vector<std::int64_t> weighted_quotas(std::int64_t capacity, const std::vector<std::int64_t>& candidates,
                                                        const std::vector<double>& weight);

/// One key of one block's census: how many of the block's candidates the key has (`value` after
/// census_block), then the rank of the block's first candidate for it (after plan_pipeline).
struct KeyRank {
  std::uint32_t key = 0;
  std::int64_t value = 0;
};
/// A block's keys, in the order its agents first meet them. Sparse: a block of 4,096 agents meets
/// a few hundred of the EU baseline's 2,749 keys, so the census costs its candidates, not keys x
/// blocks.
using BlockKeys = std::vector<KeyRank>;

/// This month's selections.
struct PipelinePlan {
  PipelineLayout layout;
  std::vector<StageSelection> selection;  ///< per key
};

/// Calls `visit(position)` for the positions 0..count-1 of a run of `count` consecutive ranks from
/// `first_rank` that `s` selects (is_selected of first_rank + position), in order, in time
/// proportional to the selected ones: rank r is selected when a multiple of `candidates` lies in
/// (r x quota + offset, (r + 1) x quota + offset].
template <class Visit>
void for_each_selected(const StageSelection& s, std::int64_t first_rank, std::int64_t count, Visit&& visit) {
  if (s.quota <= 0 || count <= 0) return;
  if (s.quota >= s.candidates) {
    for (std::int64_t j = 0; j < count; ++j) visit(j);
    return;
  }
  const std::int64_t end = first_rank + count;
  // The first multiple of candidates above first_rank x quota + offset, then every next one.
  for (std::int64_t k = (first_rank * s.quota + s.offset) / s.candidates + 1;; ++k) {
    const std::int64_t rank = (k * s.candidates - s.offset + s.quota - 1) / s.quota - 1;  // ceil(...) - 1
    if (rank >= end) return;
    visit(rank - first_rank);
  }
}

/// Where one key's systematic sample stands at a rank r: (r x quota + offset) mod candidates, and
/// the step to the next rank. Rank r is selected when the step carries the remainder past
/// `candidates` (is_selected without its two divisions; quota >= candidates: step = candidates,
/// always; quota <= 0: step 0, never).
struct SelectionSlot {
  std::int64_t remainder = 0;
  std::int64_t step = 0;
  std::int64_t candidates = 1;
};

/// Ranks of one block's candidates while the pass walks it. `slots` is a per-thread array with one
/// entry per key; only the block's own keys are set (and only those are taken).
class PipelineCursor {
 public:
  PipelineCursor(const PipelinePlan& plan, const BlockKeys& block, SelectionSlot* slots) : plan_(&plan), slots_(slots) {
    for (const KeyRank& k : block) {
      const StageSelection& s = plan.selection[k.key];
      SelectionSlot& slot = slots_[k.key];
      slot.candidates = s.candidates;  // >= 1: the block has candidates for the key
      slot.step = std::clamp<std::int64_t>(s.quota, 0, s.candidates);
      slot.remainder = (k.value * slot.step + s.offset) % s.candidates;
    }
  }
  /// Takes the next rank for `key` and says whether it is selected (is_selected of that rank).
  bool take(std::size_t key) {
    SelectionSlot& slot = slots_[key];
    slot.remainder += slot.step;
    const bool selected = slot.remainder >= slot.candidates;
    if (selected) slot.remainder -= slot.candidates;
    return selected;
  }
  /// Makes the next rank for `key` a selected one: for a case selected outside the pass (the
  /// simulation's waiting room selects from its queues), whose month the pass rules then do.
  void select_next(std::size_t key) { slots_[key] = SelectionSlot{0, 1, 1}; }
  /// Whether the next rank for `key` is selected, without taking it.
  [[nodiscard]] bool peek(std::size_t key) const {
    const SelectionSlot& slot = slots_[key];
    return slot.remainder + slot.step >= slot.candidates;
  }
  [[nodiscard]] const PipelineLayout& layout() const { return plan_->layout; }

 private:
  const PipelinePlan* plan_;
  SelectionSlot* slots_;
};

/// This month's pipeline constants.
void prepare_pipeline(MonthContext& ctx, const World& world);

/// Gives agent `i` a new order to leave this month (after a rejection or an apprehension): a new
/// case, entering the pipeline.
inline void issue_order(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx, MonthCounts& counts) {
  const auto f = static_cast<std::uint8_t>(m.flags[i] & ~(flag::detained | flag::refused));
  m.status[i] = Status::order_to_leave;
  m.flags[i] = with_stage(f, Stage::none);
  m.months_in_stage[i] = 0;
  m.order_month[i] = static_cast<std::int16_t>(ctx.month);
  ++counts.at(PairSeries::orders_to_leave, pair);
}

/// Months from now to the month in which a refused person's wait ends, `clock` being its clock
/// before this month (0: this month): from the month after, casework may submit the case again.
/// The rule of forced_return_step, which advances the clock month by month.
[[nodiscard]] inline std::uint32_t months_until_resubmission(std::uint8_t clock, int retry_months) noexcept {
  const int months = retry_months - static_cast<int>(clock) - 1;
  return months > 0 ? static_cast<std::uint32_t>(months) : 0u;
}

/// One month of the pipeline for agent `i` (status order_to_leave). Returns true when the agent
/// was removed.
inline bool forced_return_step(Migrants& m, std::size_t i, std::size_t pair, const MonthContext& ctx,
                               const EntityDraws& draws, PipelineCursor& cursor, MonthCounts& counts) {
  const std::uint8_t start_flags = m.flags[i];
  const std::size_t state = m.state[i];
  const std::size_t origin = m.origin[i];
  const unsigned candidate_for =
      candidacy(Status::order_to_leave, start_flags, ctx.world->forced_return_possible[origin] != 0);
  const PipelineLayout& layout = cursor.layout();
  std::uint8_t f = start_flags;

  if (f & flag::detained) {  // detention clock: release at the legal maximum
    if (m.detention_months[i] < 255) ++m.detention_months[i];
    if (m.detention_months[i] > ctx.detention_max_months[state]) f &= static_cast<std::uint8_t>(~flag::detained);
  }
  // Every candidate takes its rank in every stage it is a candidate for, even when an earlier
  // stage already decided its month, so that later ranks stay exact.
  const bool removal_selected = (candidate_for & candidate::removal) && cursor.take(layout.removal(state));
  const bool detention_selected =
      (candidate_for & candidate::detention) && cursor.take(layout.detention(state));
  if (removal_selected) {
    const double failure = (f & flag::detained) ? ctx.removal_failure_detained : ctx.removal_failure_at_liberty;
    if (!draws.bernoulli(Purpose::removal_failure, failure)) {
      m.status[i] = Status::returned_forced;
      m.flags[i] = static_cast<std::uint8_t>(f & ~flag::detained);
      count_return(m, i, pair, PairSeries::returns_forced, ctx.month, counts);
      return true;
    }
    ++counts.at(PairSeries::removals_failed, pair);  // the slot is used; the travel document stays
  }
  if (detention_selected && ctx.detention_max_months[state] > 0) {
    f |= flag::detained;
    m.detention_months[i] = 0;
  }
  // Requests and documents go to the country that answers (own or, under a TCN clause, transit);
  // they are counted on its pair, returns on the person's own.
  const std::size_t answering = ctx.world->addressed_origin(origin, start_flags);
  const std::size_t answering_pair = answering == origin ? pair : ctx.world->pair(answering, state);
  const double cooperation = ctx.world->pair_cooperation[answering_pair];
  switch (stage_of(start_flags)) {
    case Stage::none:
      if (f & flag::refused) {  // waiting to be submitted again (a candidate from next month on)
        if (++m.months_in_stage[i] >= ctx.request_retry_months) f &= static_cast<std::uint8_t>(~flag::refused);
      } else if ((candidate_for & candidate::casework) &&
                 cursor.take(layout.casework(pair, (f & flag::documented) != 0))) {
        m.months_in_stage[i] = 0;
        if (f & flag::documented) {
          f = with_stage(f, Stage::identified);  // the passport: no request
        } else {
          f = with_stage(f, Stage::requested);
          ++counts.at(PairSeries::identification_requests, answering_pair);
        }
      }
      break;
    case Stage::requested:
      if (cursor.take(layout.identification(answering))) {
        double p = cooperation;
        if (!(f & flag::documented)) p *= ctx.undocumented_factor;
        if (!(f & flag::cooperating)) p *= ctx.non_cooperation_factor;
        if (draws.bernoulli(Purpose::identification_answer, p)) {
          f = with_stage(f, Stage::identified);
          ++counts.at(PairSeries::identified, answering_pair);
        } else {
          f = with_stage(f, Stage::none) | flag::refused;  // refused: back to the queue, after a wait
          ++counts.at(PairSeries::identification_refused, answering_pair);
        }
        m.months_in_stage[i] = 0;
      } else if (++m.months_in_stage[i] >= ctx.request_expiry_months) {
        f = with_stage(f, Stage::none) | flag::refused;  // withdrawn after a year without reply
        m.months_in_stage[i] = 0;
        ++counts.at(PairSeries::identification_withdrawn, answering_pair);
      }
      break;
    case Stage::identified:
      // The origin issues a laissez-passer, or, for a person who travels on their own passport,
      // accepts the return; only the former is a travel document.
      if (draws.bernoulli(Purpose::laissez_passer, ctx.laissez_passer_rate * cooperation)) {
        f = with_stage(f, Stage::laissez_passer);
        m.months_in_stage[i] = 0;
        if (!(f & flag::documented)) ++counts.at(PairSeries::travel_documents_issued, answering_pair);
      }
      break;
    case Stage::laissez_passer:
      if (m.months_in_stage[i] < 255) ++m.months_in_stage[i];
      break;
  }
  m.flags[i] = f;
  return false;
}

/// Start-of-month census of one block's `count` agents in `agents` (the pass's entries, in its
/// order): its keys with their candidate counts, in `keys`, and detained people per state.
/// `scratch` has one entry per key, all 0, and is left so.
void census_block(const Migrants& m, const World& world, const PassEntry* agents, std::size_t count,
                  const PipelineLayout& layout, std::int64_t* scratch, BlockKeys& keys,
                  std::int64_t* detained_per_state);

/// Turns the census into this month's plan: quotas from capacities (in agents), and each block's
/// counts into the rank of its first candidate per key (the candidates of the blocks before).
void plan_pipeline(const World& world, std::vector<BlockKeys>& block_keys,
                   const std::vector<std::int64_t>& detained_per_state, double agent_scale, std::uint64_t run_seed,
                   std::uint32_t month, PipelinePlan& plan);

}  // namespace returnsim::model::processes
