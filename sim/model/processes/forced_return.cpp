#include "returnsim/model/processes/forced_return.hpp"

#include <algorithm>
#include <cmath>

namespace returnsim::model::processes {

void prepare_pipeline(MonthContext& ctx, const World& w) {
  const scenario::Scenario& s = *w.scenario;
  const scenario::Behaviour& b = s.behaviour;
  ctx.non_cooperation_factor = b.non_cooperation_factor;
  ctx.undocumented_factor = b.undocumented_factor;
  ctx.laissez_passer_rate = s.cooperation.laissez_passer_rate;
  ctx.request_expiry_months = b.request_expiry_months;
  ctx.request_retry_months = b.request_retry_months;
  ctx.removal_failure_at_liberty = b.removal_failure_at_liberty;
  ctx.removal_failure_detained = b.removal_failure_detained;
  ctx.detention_max_months.resize(w.state_count);
  for (std::size_t st = 0; st < w.state_count; ++st) ctx.detention_max_months[st] = s.member_states[st].detention_max_months;
}

void census_block(const Migrants& m, const World& world, const PassEntry* agents, std::size_t count,
                  const PipelineLayout& layout, std::int64_t* scratch, BlockKeys& keys,
                  std::int64_t* detained_per_state) {
  keys.clear();
  auto tally = [&](std::size_t key) {
    if (scratch[key]++ == 0) keys.push_back({static_cast<std::uint32_t>(key), 0});
  };
  for (std::size_t j = 0; j < count; ++j) {
    const PassEntry& entry = agents[j];
    // Shortcut entries: a person who waits for casework is its candidate (when forced return to
    // the origin is possible); the others are candidates for nothing.
    if (entry.shortcut == Shortcut::waiting || entry.shortcut == Shortcut::waiting_documented) {
      if (world.forced_return_possible[entry.origin]) {
        tally(layout.casework(world.pair(entry.origin, entry.state), entry.shortcut == Shortcut::waiting_documented));
      }
      continue;
    }
    if (entry.shortcut != Shortcut::none) continue;
    const std::size_t i = entry.agent;
    if (m.status[i] != Status::order_to_leave) continue;
    const std::uint8_t f = m.flags[i];
    const std::size_t state = m.state[i];
    if (f & flag::detained) ++detained_per_state[state];
    const unsigned c = candidacy(Status::order_to_leave, f, world.forced_return_possible[m.origin[i]] != 0);
    if (c & candidate::casework) tally(layout.casework(world.pair(m.origin[i], state), (f & flag::documented) != 0));
    if (c & candidate::identification) tally(layout.identification(world.addressed_origin(m.origin[i], f)));
    if (c & candidate::removal) tally(layout.removal(state));
    if (c & candidate::detention) tally(layout.detention(state));
  }
  for (KeyRank& k : keys) {
    k.value = scratch[k.key];
    scratch[k.key] = 0;
  }
}

std::vector<std::int64_t> weighted_quotas(std::int64_t capacity, const std::vector<std::int64_t>& candidates,
                                          const std::vector<double>& weight) {
  const std::size_t n = candidates.size();
  std::vector<std::int64_t> quota(candidates);
  std::int64_t all = 0;
  for (std::int64_t c : candidates) all += c;
  if (all <= capacity) return quota;
  if (capacity <= 0) return std::vector<std::int64_t>(n, 0);
  // Find lambda with sum(candidates x min(1, lambda x weight)) = capacity: saturate the groups
  // whose share would exceed their candidates, spread the rest, repeat.
  std::vector<char> full(n, 0);
  double lambda = 0;
  for (bool changed = true; changed;) {
    changed = false;
    double left = static_cast<double>(capacity), mass = 0;
    for (std::size_t g = 0; g < n; ++g) {
      if (full[g]) left -= static_cast<double>(candidates[g]);
      else mass += static_cast<double>(candidates[g]) * weight[g];
    }
    lambda = mass > 0 ? left / mass : 0;
    for (std::size_t g = 0; g < n; ++g) {
      if (!full[g] && candidates[g] > 0 && lambda * weight[g] >= 1.0) {
        full[g] = 1;
        changed = true;
      }
    }
  }
  std::vector<double> share(n);
  std::int64_t given = 0;
  for (std::size_t g = 0; g < n; ++g) {
    share[g] = full[g] ? static_cast<double>(candidates[g]) : static_cast<double>(candidates[g]) * lambda * weight[g];
    quota[g] = std::min(candidates[g], static_cast<std::int64_t>(std::floor(share[g])));
    given += quota[g];
  }
  // Whole units: the remainders to the largest fractions (ties: lower index), one each to the groups
  // with room, in that order.
  std::vector<double> fraction(n);
  for (std::size_t g = 0; g < n; ++g) fraction[g] = share[g] - std::floor(share[g]);
  auto first = [&](std::size_t a, std::size_t b) {  // a total order: the stable order of the fractions
    return fraction[a] > fraction[b] || (fraction[a] == fraction[b] && a < b);
  };
  std::vector<std::size_t> order;
  for (std::size_t g = 0; g < n; ++g) {
    if (fraction[g] > 0 && quota[g] < candidates[g]) order.push_back(g);
  }
  const std::int64_t left = capacity - given;
  if (left > 0 && static_cast<std::size_t>(left) <= order.size()) {
    // The groups with a fraction come first in the order: the `left` first of them get one more
    // (which ones, not in what order, matters; no full sort).
    std::nth_element(order.begin(), order.begin() + (left - 1), order.end(), first);
    for (std::int64_t k = 0; k < left; ++k) ++quota[order[static_cast<std::size_t>(k)]];
    return quota;
  }
  order.resize(n);
  for (std::size_t g = 0; g < n; ++g) order[g] = g;
  std::sort(order.begin(), order.end(), first);
  for (std::size_t k = 0; given < capacity && k < n; ++k) {
    const std::size_t g = order[k];
    if (quota[g] < candidates[g]) {
      ++quota[g];
      ++given;
    }
  }
  for (std::size_t g = 0; given < capacity && g < n; ++g) {  // weights of 0: any group with room
    const std::int64_t room = std::min(candidates[g] - quota[g], capacity - given);
    quota[g] += room;
    given += room;
  }
  return quota;
}

namespace {
/// A capacity in people turned into agents, rounding the fraction up with its probability.
std::int64_t capacity_in_agents(double people, double agent_scale, const EntityDraws& draws, std::uint32_t k) {
  const double agents = people / agent_scale;
  const double whole = std::floor(agents);
  return static_cast<std::int64_t>(whole) + (draws.uniform(Purpose::capacity_rounding, k) < agents - whole ? 1 : 0);
}
}  // namespace

void plan_pipeline(const World& world, std::vector<BlockKeys>& block_keys,
                   const std::vector<std::int64_t>& detained_per_state, double agent_scale, std::uint64_t run_seed,
                   std::uint32_t month, PipelinePlan& plan) {
  const PipelineLayout& layout = plan.layout;
  const std::size_t keys = layout.size();
  plan.selection.assign(keys, StageSelection{});
  // Prefix sums per key, walked block by block: a block's first rank for a key is the number of
  // candidates for it in the blocks before.
  std::vector<std::int64_t> running(keys, 0);
  for (BlockKeys& block : block_keys) {
    for (KeyRank& k : block) {
      const std::int64_t count = k.value;
      k.value = running[k.key];
      running[k.key] += count;
    }
  }
  for (std::size_t k = 0; k < keys; ++k) plan.selection[k].candidates = running[k];
  using scenario::ScheduledQuantity;
  const scenario::Scenario& s = *world.scenario;
  const InputFactors& in = world.inputs;
  auto set_quota = [&](std::size_t key, std::int64_t capacity, const EntityDraws& draws, std::uint32_t k) {
    StageSelection& sel = plan.selection[key];
    sel.quota = std::clamp<std::int64_t>(capacity, 0, sel.candidates);
    sel.offset = sel.candidates > 0
                     ? static_cast<std::int64_t>(draws.bits(Purpose::selection_offset, k) %
                                                 static_cast<std::uint64_t>(sel.candidates))
                     : 0;
  };
  for (std::size_t st = 0; st < layout.states; ++st) {
    const auto& ms = s.member_states[st];
    const EntityDraws draws(run_seed, entity_id(EntitySpace::member_state, st), month);
    const double casework = ms.casework_capacity * in.of(ScheduledQuantity::casework_capacity, st);
    const double removal = ms.removal_capacity * in.of(ScheduledQuantity::removal_capacity, st);
    const double detention = ms.detention_capacity * in.of(ScheduledQuantity::detention_capacity, st);
    // Casework shared among the cases by their chance of success (the pair's cooperation, times
    // undocumented_factor without documents) raised to casework_priority. Groups: [origin][documented].
    std::vector<std::int64_t> candidates(2 * layout.origins);
    std::vector<double> weight(2 * layout.origins);
    for (std::size_t o = 0; o < layout.origins; ++o) {
      const double cooperation = world.pair_cooperation[world.pair(o, st)];
      for (const bool documented : {false, true}) {
        candidates[2 * o + documented] = plan.selection[layout.casework(world.pair(o, st), documented)].candidates;
        const double chance = documented ? cooperation : cooperation * s.behaviour.undocumented_factor;
        // pow(x, 2) is x x exactly rounded, and the default priority is 2.
        const double priority = s.behaviour.casework_priority;
        weight[2 * o + documented] = priority == 2.0 ? chance * chance : std::pow(chance, priority);
      }
    }
    const auto quotas = weighted_quotas(capacity_in_agents(casework, agent_scale, draws, 0), candidates, weight);
    for (std::size_t g = 0; g < candidates.size(); ++g) {
      set_quota(layout.casework(world.pair(g / 2, st), g % 2 == 1), quotas[g], draws, static_cast<std::uint32_t>(3 + g));
    }
    set_quota(layout.removal(st), capacity_in_agents(removal, agent_scale, draws, 1), draws, 1);
    const std::int64_t places = capacity_in_agents(detention, agent_scale, draws, 2);
    set_quota(layout.detention(st), places - detained_per_state[st], draws, 2);
  }
  for (std::size_t o = 0; o < layout.origins; ++o) {
    const EntityDraws draws(run_seed, entity_id(EntitySpace::origin, o), month);
    const double answers = s.origin_countries[o].id_capacity * in.of(ScheduledQuantity::id_capacity, o);
    set_quota(layout.identification(o), capacity_in_agents(answers, agent_scale, draws, 0), draws, 0);
  }
}

}  // namespace returnsim::model::processes
