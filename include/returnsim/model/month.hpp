#pragma once
/// @file
/// One month of the model's rules: what every process prepares for the month (its rates turned
/// into probabilities, once), and every agent's month, dispatched on its status. The engine
/// (engine/simulation.hpp) decides the order of the month's processes, runs the agents in
/// parallel blocks and reports to observers; the rules themselves live here and in
/// model/processes/.
#include <algorithm>
#include <cmath>

#include "returnsim/model/hazards.hpp"
#include "returnsim/model/processes/arrivals_asylum.hpp"
#include "returnsim/model/processes/forced_return.hpp"
#include "returnsim/model/processes/migrant_choices.hpp"
#include "returnsim/model/processes/reintegration.hpp"
#include "returnsim/model/processes/secondary_movement.hpp"

namespace returnsim::model {

/// Fills `ctx` for simulated month `draw_month` (reported month `month`, < 0 in the burn-in):
/// every process's probabilities from the world as it stands after the policy clock and the
/// cooperation update.
void prepare_month(processes::MonthContext& ctx, const World& world, std::uint64_t run_seed, std::uint32_t draw_month,
                   std::int32_t month);

/// True for a status with no monthly event left (protection granted, regularised, gone unrecorded):
/// such an agent costs a tally and nothing else.
[[nodiscard]] inline bool is_final(Status s) noexcept {
  return s == Status::granted || s == Status::regularised || s == Status::departed_unrecorded;
}

/// True for a person who returned (voluntarily or removed).
[[nodiscard]] inline bool is_returned(Status s) noexcept {
  return s == Status::returned_voluntary || s == Status::returned_forced;
}

/// True when agent `i` has no more monthly events: a final status, or returned and past the
/// re-migration window. Its months only count it in its status, and it stays so while the window
/// does not grow: the simulation leaves such agents out of its monthly passes.
[[nodiscard]] inline bool is_dormant(const Migrants& m, std::size_t i, const processes::MonthContext& ctx) noexcept {
  const Status status = m.status[i];
  return is_final(status) || (is_returned(status) && !processes::may_remigrate(m, i, ctx));
}

/// True for the statuses whose events have constant hazards, so that the simulation can schedule
/// them: a pending application's decision, an absconded person's next event, a returned person's
/// re-migration within the window (not dormant: is_dormant first; docs/model.md §1.3).
[[nodiscard]] inline bool is_schedulable(Status s) noexcept {
  return s == Status::asylum_pending || s == Status::absconded || is_returned(s);
}

/// The waits of agent `i`'s next event (schedulable statuses): its monthly probability.
[[nodiscard]] inline const GeometricWaits& event_waits(const Migrants& m, std::size_t i, const processes::MonthContext& ctx) noexcept {
  switch (m.status[i]) {
    case Status::absconded: return ctx.absconded_waits[m.state[i]];
    case Status::returned_voluntary: return ctx.remigration_voluntary_waits[m.state[i]];
    case Status::returned_forced: return ctx.remigration_forced_waits[m.state[i]];
    default: return ctx.asylum_decision_waits;
  }
}

/// Months a returned person whose clock is `clock` has left in the re-migration window: it can
/// migrate again in as many months, and is dormant from the month after (is_dormant).
[[nodiscard]] inline std::uint32_t months_left_in_window(std::uint8_t clock, const processes::MonthContext& ctx) noexcept {
  return clock < ctx.remigration_window_months ? static_cast<std::uint32_t>(ctx.remigration_window_months - clock) : 0u;
}

/// Months without an event before agent `i`'s next one (schedulable statuses), from its keyed
/// draw `k` of purpose event_wait; kNever when it has none.
[[nodiscard]] inline std::uint32_t months_before_event(const Migrants& m, std::size_t i,
                                                       const processes::MonthContext& ctx, const EntityDraws& draws,
                                                       std::uint32_t k) noexcept {
  return event_waits(m, i, ctx).months(draws.uniform(Purpose::event_wait, k));
}

/// The month of the agent of `entry` when it is a shortcut month that changes nothing but a clock:
/// then true, with the clock advanced, the month's tallies done and the casework rank taken. False
/// when something happens (casework takes the case up, the person makes a choice or migrates
/// again, a wait ends); then nothing is changed, taken or tallied and agent_month does the month.
/// The same draws, ranks and clocks as agent_month, so the same run; it reads the entry and at
/// most one clock instead of the agent's arrays.
/// - waiting for casework: not taken up (its rank passes), no choice;
/// - refused, waiting to be submitted again: the wait goes on, no choice;
/// - returned within the re-migration window: no re-migration, and still within it next month.
[[nodiscard]] inline bool month_from_entry(const PassEntry& entry, Migrants& m, const processes::MonthContext& ctx,
                                           processes::PipelineCursor& cursor, MonthCounts& counts) {
  const World& w = *ctx.world;
  const EntityDraws draws = processes::agent_draws(ctx, entry.agent);
  std::uint8_t& clock = m.months_in_stage[entry.agent];
  switch (entry.shortcut) {
    case Shortcut::waiting:
    case Shortcut::waiting_documented:
    case Shortcut::refused: {
      const std::size_t pair = w.pair(entry.origin, entry.state);
      const bool refused = entry.shortcut == Shortcut::refused;
      const bool candidate = !refused && w.forced_return_possible[entry.origin] != 0;
      const std::size_t key = cursor.layout().casework(pair, entry.shortcut == Shortcut::waiting_documented);
      if (candidate && cursor.peek(key)) return false;                           // taken up
      if (refused && clock + 1 >= ctx.request_retry_months) return false;        // submitted again
      if (draws.uniform(Purpose::voluntary_departure) < ctx.choice[2 * pair].subsequent) return false;  // a choice
      if (candidate) (void)cursor.take(key);  // not selected: the rank passes
      if (refused) ++clock;
      ++counts.status_count[static_cast<std::size_t>(Status::order_to_leave)];
      ++counts.at(PairSeries::stock_order_to_leave, pair);
      return true;
    }
    case Shortcut::returned_voluntary:
    case Shortcut::returned_forced: {
      const bool voluntary = entry.shortcut == Shortcut::returned_voluntary;
      if (clock + 1 >= ctx.remigration_window_months) return false;  // dormant after this month
      const double p = voluntary ? ctx.remigration_voluntary[entry.state] : ctx.remigration_forced[entry.state];
      if (draws.bernoulli(Purpose::remigration, p)) return false;
      ++clock;
      ++counts.status_count[static_cast<std::size_t>(voluntary ? Status::returned_voluntary : Status::returned_forced)];
      return true;
    }
    case Shortcut::none:
    case Shortcut::taken_up:
    case Shortcut::chooses: break;
  }
  return false;
}

/// The end-of-month tallies of agent `i` (not dormant): its status, and the per-pair stocks.
inline void tally_month(const Migrants& m, std::size_t i, const World& w, MonthCounts& counts) {
  const Status now = m.status[i];
  ++counts.status_count[static_cast<std::size_t>(now)];
  if (now == Status::order_to_leave) {
    const std::size_t here = w.pair(m.origin[i], m.state[i]);
    ++counts.at(PairSeries::stock_order_to_leave, here);
    if (m.flags[i] & flag::detained) ++counts.at(PairSeries::in_detention, here);
  } else if (now == Status::absconded) {
    ++counts.at(PairSeries::stock_absconded, w.pair(m.origin[i], m.state[i]));
  }
}

/// Agent `i`'s month, then its end-of-month tallies.
inline void agent_month(Migrants& m, std::size_t i, const processes::MonthContext& ctx,
                        processes::PipelineCursor& cursor, MonthCounts& counts) {
  namespace proc = processes;
  const Status status = m.status[i];
  if (is_dormant(m, i, ctx)) {
    ++counts.status_count[static_cast<std::size_t>(status)];
    return;
  }
  const World& w = *ctx.world;
  const std::size_t pair = w.pair(m.origin[i], m.state[i]);
  const EntityDraws draws = proc::agent_draws(ctx, i);
  switch (status) {
    case Status::asylum_pending:
      if (ctx.events_scheduled) proc::asylum_decision(m, i, pair, ctx, draws, counts);
      else proc::decide_asylum(m, i, pair, ctx, draws, counts);
      break;
    case Status::order_to_leave:
      if (!proc::forced_return_step(m, i, pair, ctx, draws, cursor, counts)) proc::choose(m, i, pair, ctx, draws, counts);
      break;
    case Status::subsequent_application: proc::decide_subsequent(m, i, ctx, draws); break;
    case Status::absconded:
      if (ctx.events_scheduled) proc::absconded_event(m, i, pair, ctx, draws, counts);
      else proc::absconded_month(m, i, pair, ctx, draws, counts);
      break;
    case Status::returned_voluntary:
    case Status::returned_forced:
      if (ctx.events_scheduled) proc::migrate_again(m, i, pair, counts);
      else proc::remigrate(m, i, pair, ctx, draws, counts);
      break;
    default: break;
  }
  tally_month(m, i, w, counts);
}

/// True for the people who wait out of the passes when the simulation schedules events (its
/// waiting room, docs/model.md §1.3): an order to leave at liberty, not in casework (waiting to be
/// taken up, or to be submitted again after a refusal). Their months change nothing until casework
/// takes them up, a refusal's wait ends or they make a choice, and the simulation schedules each.
[[nodiscard]] inline bool waits_out_of_passes(Shortcut s) noexcept {
  return s == Shortcut::waiting || s == Shortcut::waiting_documented || s == Shortcut::refused;
}

/// The chance that a waiting person (waits_out_of_passes) of `pair` makes a choice this month:
/// each makes one independently with it, so the simulation may pick who does by pair.
[[nodiscard]] inline double waiting_choice_probability(const processes::MonthContext& ctx, std::size_t pair) noexcept {
  return ctx.choice[2 * pair].subsequent;  // at liberty
}

/// The month of a waiting person picked to make a choice (with waiting_choice_probability): which
/// choice, from the person's own draw, in proportion to the month's odds (u x the probability is
/// uniform below it); then the month's tallies.
inline void waiting_choice(Migrants& m, std::size_t i, const processes::MonthContext& ctx, MonthCounts& counts) {
  const World& w = *ctx.world;
  const std::size_t pair = w.pair(m.origin[i], m.state[i]);
  const processes::ChoiceOdds& odds = ctx.choice[2 * pair];
  const double u = processes::agent_draws(ctx, i).uniform(Purpose::voluntary_departure) * odds.subsequent;
  processes::apply_choice(m, i, pair, ctx, odds, std::min(u, std::nextafter(odds.subsequent, 0.0)), counts);
  tally_month(m, i, w, counts);
}

/// Mean pair cooperation of origin `o` over the member states it has routes to (all states when
/// it has none): the origin's cooperation index.
[[nodiscard]] double cooperation_index(const World& world, std::size_t o) noexcept;

}  // namespace returnsim::model
