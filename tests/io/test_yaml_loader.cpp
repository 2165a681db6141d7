#include <catch2/catch.hpp>

#include "../support.hpp"
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "returnsim/io/calibration_loader.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/errors.hpp"

using namespace returnsim;
namespace fs = std::filesystem;

namespace {

const std::string kValid =
    "scenario: {name: t}\n"
    "simulation: {months: 12, seed: 3, replications: 2}\n"
    "member_states:\n"
    "  - {id: NL, name: Netherlands, removal_capacity: 10}\n"
    "  - {id: BE, name: Belgium}\n"
    "origin_countries:\n"
    "  - {id: GM, name: Gambia, cooperation: 0.25}\n"
    "  - {id: MA, name: Morocco}\n"
    "routes:\n"
    "  - {origin: GM, member_state: NL, asylum_applications: 5, recognition_rate: 0.1}\n"
    "  - {origin: MA, member_state: BE, asylum_applications: 5}\n";

/// A temporary directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() : path(test::unique_temp_dir("returnsim-test-")) {
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

std::vector<InputProblem> problems_of(const std::string& path, const std::vector<io::Override>& overrides = {}) {
  try {
    (void)io::load_scenario(path, overrides);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a valid scenario loads with defaults filled in", "[loader]") {
  TempDir dir;
  const auto loaded = io::load_scenario(dir.write("ok.yaml", kValid));
  const auto& s = loaded.scenario;
  REQUIRE(s.member_states.size() == 2);
  CHECK(s.member_states[0].removal_capacity == 10);
  CHECK(s.member_states[1].removal_capacity == 100);  // table default
  CHECK(s.member_states[0].detention_max_months == 18);
  CHECK(s.origin_countries[0].cooperation == 0.25);
  CHECK(s.routes[1].origin_index == 1);
  CHECK(s.routes[1].member_state_index == 1);
  CHECK(s.behaviour.abscond_rate == 0.03);
  CHECK(s.simulation.seed == 3);
  // The effective YAML shows defaults and loads again to the same scenario.
  CHECK(loaded.effective_yaml.find("abscond_rate: 0.03") != std::string::npos);
  const auto again = io::load_scenario(dir.write("again.yaml", loaded.effective_yaml));
  CHECK(again.effective_yaml == loaded.effective_yaml);
}

TEST_CASE("the shipped small scenario is valid", "[loader]") {
  const auto loaded = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/small.yaml");
  CHECK(loaded.scenario.origin_countries.size() == 4);
  CHECK(loaded.scenario.origin_countries[2].eu_agreement == scenario::EuAgreement::eura);
}

TEST_CASE("every shipped scenario and sweep is valid", "[loader]") {
  int count = 0, sweeps = 0;
  for (const auto& entry : fs::directory_iterator(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    const io::YamlValue tree = io::parse_yaml_file(entry.path().string());
    if (io::is_sweep(tree)) {
      CHECK_NOTHROW((void)io::load_sweep(entry.path().string()));
      ++sweeps;
    } else if (io::is_calibration(tree)) {
      CHECK_NOTHROW((void)io::load_calibration(entry.path().string()));
    } else {
      CHECK_NOTHROW((void)io::load_scenario(entry.path().string()));
    }
    ++count;
  }
  CHECK(count >= 5);
  CHECK(sweeps >= 1);
  const auto on = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/visa-leverage.yaml").scenario;
  const auto off = io::load_scenario(std::string(RETURNSIM_SOURCE_DIR) + "/scenarios/visa-leverage-off.yaml").scenario;
  CHECK(on.policies.visa_leverage.enabled);
  CHECK_FALSE(off.policies.visa_leverage.enabled);
  CHECK(on.origin_countries[0].cooperation == off.origin_countries[0].cooperation);
}

TEST_CASE("every kind of bad input is reported with file, line and key path", "[loader]") {
  TempDir dir;
  SECTION("syntax error") {
    const auto p = problems_of(dir.write("bad.yaml", "scenario: {name: t\nsimulation: [\n"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].line > 0);
    CHECK(p[0].message.find("YAML syntax error") != std::string::npos);
  }
  SECTION("unknown key (a typo) with a suggestion") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "removal_capacity: 10", "removal_capacty: 10")));
    REQUIRE(p.size() == 1);
    CHECK(p[0].line == 4);
    CHECK(p[0].key_path == "member_states[0]");
    CHECK(p[0].message.find("did you mean 'removal_capacity'") != std::string::npos);
  }
  SECTION("unknown section") {
    const auto p = problems_of(dir.write("bad.yaml", kValid + "behavior: {}\n"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].message.find("did you mean 'behaviour'") != std::string::npos);
  }
  SECTION("wrong type") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "months: 12", "months: twelve")));
    REQUIRE(p.size() == 1);
    CHECK(p[0].key_path == "simulation.months");
    CHECK(p[0].line == 2);
    CHECK(p[0].message.find("not a whole number") != std::string::npos);
  }
  SECTION("out of range") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "recognition_rate: 0.1", "recognition_rate: 1.7")));
    REQUIRE(p.size() == 1);
    CHECK(p[0].to_string().find(":10:") != std::string::npos);
    CHECK(p[0].key_path == "routes[0].recognition_rate");
    CHECK(p[0].message == "1.7 is outside [0, 1]");
  }
  SECTION("dangling reference") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "origin: MA", "origin: XX")));
    REQUIRE(p.size() == 1);
    CHECK(p[0].key_path == "routes[1].origin");
    CHECK(p[0].line == 11);
  }
  SECTION("duplicate id") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "id: BE", "id: NL")));
    REQUIRE(!p.empty());
    CHECK(p[0].key_path == "member_states[1].id");
    CHECK(p[0].message.find("duplicate id 'NL'") != std::string::npos);
  }
  SECTION("missing required key and section") {
    const auto p = problems_of(dir.write("bad.yaml", replaced(kValid, "name: Belgium", "nom: Belgium")));
    REQUIRE(p.size() == 2);  // unknown 'nom' and missing 'name'
    const auto q = problems_of(dir.write("bad2.yaml", "scenario: {name: t}\n"));
    CHECK(q.size() == 4);  // simulation, member_states, origin_countries, routes
  }
  SECTION("extends cycle") {
    dir.write("a.yaml", "extends: b.yaml\nscenario: {name: a}\n");
    const auto p = problems_of(dir.write("b.yaml", "extends: a.yaml\nscenario: {name: b}\n"));
    REQUIRE(!p.empty());
    CHECK(p[0].message.find("cycle") != std::string::npos);
    CHECK(p[0].line == 1);
  }
  SECTION("missing file") {
    const auto p = problems_of((dir.path / "nope.yaml").string());
    REQUIRE(p.size() == 1);
    CHECK(p[0].message.find("cannot open") != std::string::npos);
  }
  SECTION("empty file") {
    const auto p = problems_of(dir.write("empty.yaml", ""));
    REQUIRE(p.size() == 1);
    CHECK(p[0].message.find("empty") != std::string::npos);
  }
  SECTION("not a map at the top") {
    CHECK(problems_of(dir.write("list.yaml", "- 1\n- 2\n")).size() == 1);
  }
  SECTION("duplicate key") {
    const auto p = problems_of(dir.write("dup.yaml", "scenario: {name: t}\nscenario: {name: u}\n"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].message.find("duplicate key") != std::string::npos);
  }
  SECTION("bad EU agreement and bad override") {
    const auto p = problems_of(dir.write("eu.yaml", kValid + "eu: {agreements: {GM: treaty, ZZ: eura}}\n"));
    CHECK(p.size() == 2);
    const auto q = problems_of(dir.write("ok.yaml", kValid), {{"origin_countries.XX.cooperation", "0.5"}});
    REQUIRE(q.size() == 1);
    CHECK(q[0].file == "<command line>");
    const auto r = problems_of(dir.write("ok2.yaml", kValid), {{"simulation.months", "-3"}});
    REQUIRE(r.size() == 1);
    CHECK(r[0].key_path == "simulation.months");
  }
  SECTION("all problems are listed together") {
    std::string text = replaced(kValid, "months: 12", "months: 0");
    text = replaced(text, "cooperation: 0.25", "cooperation: 2");
    text = replaced(text, "origin: MA", "origin: XX");
    CHECK(problems_of(dir.write("many.yaml", text)).size() == 3);
  }
}

TEST_CASE("extends merges maps by key and entity lists by id", "[loader]") {
  TempDir dir;
  dir.write("base.yaml", kValid);
  const std::string child =
      "extends: base.yaml\n"
      "scenario: {name: child}\n"
      "origin_countries:\n"
      "  - {id: GM, cooperation: 0.6}\n"
      "  - {id: SN, name: Senegal}\n"
      "routes:\n"
      "  - {origin: SN, member_state: NL, asylum_applications: 3}\n"
      "  - {origin: GM, member_state: NL, recognition_rate: 0.2}\n";
  const auto s = io::load_scenario(dir.write("child.yaml", child)).scenario;
  CHECK(s.info.name == "child");
  CHECK(s.simulation.months == 12);  // from the base
  REQUIRE(s.origin_countries.size() == 3);
  CHECK(s.origin_countries[0].name == "Gambia");
  CHECK(s.origin_countries[0].cooperation == 0.6);
  CHECK(s.origin_countries[2].id == "SN");
  REQUIRE(s.routes.size() == 3);
  CHECK(s.routes[0].asylum_applications == 5);   // kept
  CHECK(s.routes[0].recognition_rate == 0.2);    // overridden
}

TEST_CASE("overrides by dotted path, with * for every entity", "[loader]") {
  TempDir dir;
  const auto s = io::load_scenario(dir.write("ok.yaml", kValid),
                                   {{"origin_countries.*.visa_sensitivity", "0.9"},
                                    {"origin_countries.GM.cooperation", "0.7"},
                                    {"routes.MA:BE.relations", "0.8"},
                                    {"simulation.seed", "99"}})
                     .scenario;
  CHECK(s.origin_countries[0].visa_sensitivity == 0.9);
  CHECK(s.origin_countries[1].visa_sensitivity == 0.9);
  CHECK(s.origin_countries[0].cooperation == 0.7);
  CHECK(s.routes[1].relations == 0.8);
  CHECK(s.simulation.seed == 99);
}

TEST_CASE("the policies section: levers resolved to actors, EU agreements in both forms", "[loader][policies]") {
  TempDir dir;
  const std::string text = kValid +
                           "eu: {agreements: {GM: informal, MA: {kind: eura, tcn_clause: true, start_month: 12}}}\n"
                           "policies:\n"
                           "  visa_leverage: {enabled: true, thresholds: {good: 0.6}, decision_lag_months: 4}\n"
                           "  coalitions: [{name: Benelux, members: [NL, BE]}]\n"
                           "  incentives:\n"
                           "    - {origin: MA, kind: partnership, intensity: 0.5}\n"
                           "    - {origin: GM, kind: trade_preferences, intensity: -0.4, by: NL, start_month: 3, end_month: 9}\n"
                           "    - {origin: GM, kind: development_aid, intensity: 0.2, by: Benelux}\n"
                           "  bilateral: [{member_state: Benelux, origin: GM, start_month: 6}]\n";
  const auto loaded = io::load_scenario(dir.write("policies.yaml", text));
  const auto& s = loaded.scenario;
  const auto& p = s.policies;
  CHECK(p.visa_leverage.enabled);
  CHECK(p.visa_leverage.good_threshold == 0.6);
  CHECK(p.visa_leverage.insufficient_threshold == 0.25);  // default
  CHECK(p.visa_leverage.decision_lag_months == 4);
  REQUIRE(p.coalitions.size() == 1);
  CHECK(p.coalitions[0].member_indices == std::vector<std::size_t>{0, 1});
  REQUIRE(p.incentives.size() == 3);
  CHECK(p.incentives[0].actor.kind == scenario::Actor::Kind::eu);  // by defaults to EU
  CHECK(p.incentives[0].end_month == -1);
  CHECK(p.incentives[1].actor.kind == scenario::Actor::Kind::member_state);
  CHECK(p.incentives[1].actor.index == 0);
  CHECK(p.incentives[1].kind == scenario::IncentiveKind::trade_preferences);
  CHECK(p.incentives[1].intensity == -0.4);
  CHECK(p.incentives[2].actor.kind == scenario::Actor::Kind::coalition);
  REQUIRE(p.bilateral.size() == 1);
  CHECK(p.bilateral[0].agreement == scenario::BilateralAgreement::binding);  // default
  CHECK(p.bilateral[0].actor.kind == scenario::Actor::Kind::coalition);
  CHECK(s.origin_countries[0].eu_agreement == scenario::EuAgreement::informal);
  CHECK(s.origin_countries[1].eu_agreement == scenario::EuAgreement::eura);
  CHECK(s.origin_countries[1].tcn_clause);
  CHECK(s.origin_countries[1].eu_agreement_start_month == 12);
  // The effective YAML records every default the run used.
  CHECK(loaded.effective_yaml.find("council_adoption_probability: 0.7") != std::string::npos);
  CHECK(loaded.effective_yaml.find("positive_measures: false") != std::string::npos);
}

TEST_CASE("an override can switch a lever on in a scenario without a policies section", "[loader][policies]") {
  TempDir dir;
  const auto loaded = io::load_scenario(dir.write("plain.yaml", kValid), {{"policies.visa_leverage.enabled", "true"}});
  CHECK(loaded.scenario.policies.visa_leverage.enabled);
  const auto typo = problems_of(dir.write("plain2.yaml", kValid), {{"policies.visa_leverage.enabeld", "true"}});
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].message.find("did you mean 'enabled'") != std::string::npos);
}

TEST_CASE("bad policies are all reported with their key paths", "[loader][policies]") {
  TempDir dir;
  const std::string text = kValid +
                           "eu: {agreements: {GM: {kind: eura, tcn: yes}, MA: {kind: bilateral}}}\n"
                           "policies:\n"
                           "  visa_leverage: {council_adoption_probability: 1.5, thresholds: {good: 0.1}}\n"
                           "  coalitions: [{name: NL, members: [NL, BE]}, {name: Duo, members: [NL]}]\n"
                           "  incentives:\n"
                           "    - {origin: XX, kind: bribes, intensity: 2, by: FR, start_month: 5, end_month: 5}\n"
                           "  bilateral:\n"
                           "    - {member_state: NL, origin: GM, agreement: binding, start_month: 3}\n"
                           "    - {member_state: NL, origin: GM, agreement: none, start_month: 3}\n"
                           "  sanctions: []\n";
  const auto problems = problems_of(dir.write("bad-policies.yaml", text));
  std::vector<std::string> expected = {
      "eu.agreements.GM",                                 // unknown key tcn
      "eu.agreements.MA.kind",                            // not a kind
      "policies.visa_leverage.council_adoption_probability",
      "policies.visa_leverage.thresholds",                // insufficient 0.25 > good 0.1
      "policies.coalitions[0].name",                      // clashes with a member state
      "policies.coalitions[1].members",                   // one member
      "policies.incentives[0].origin",
      "policies.incentives[0].kind",
      "policies.incentives[0].intensity",
      "policies.incentives[0].by",
      "policies.incentives[0].end_month",
      "policies.bilateral[1]",                            // second arrangement same pair and month
      "policies",                                         // unknown key sanctions
  };
  for (const auto& path : expected) {
    const bool found = std::any_of(problems.begin(), problems.end(), [&](const InputProblem& p) { return p.key_path == path; });
    INFO("expected a problem at " << path);
    CHECK(found);
  }
  for (const auto& p : problems) {
    INFO(p.key_path << ": " << p.message);
    CHECK(p.line > 0);
    CHECK(p.file.find("bad-policies.yaml") != std::string::npos);
  }
}

TEST_CASE("a transit country must exist and differ from the origin", "[loader][policies]") {
  TempDir dir;
  const auto problems = problems_of(dir.write(
      "transit.yaml", replaced(replaced(kValid, "cooperation: 0.25}", "cooperation: 0.25, transit_country: GM}"),
                               "{id: MA, name: Morocco}", "{id: MA, name: Morocco, transit_country: ZZ}")));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].message.find("its own transit country") != std::string::npos);
  CHECK(problems[1].message.find("'ZZ' is not the id") != std::string::npos);
}

TEST_CASE("override paths address incentives, bilateral arrangements and coalitions by what identifies them",
          "[loader][override]") {
  TempDir dir;
  const std::string base = dir.write("base.yaml", std::string(kValid) +
      "policies:\n  coalitions: [{name: Pair, members: [NL, BE]}]\n"
      "  incentives:\n    - {origin: GM, kind: partnership, intensity: 0}\n"
      "    - {origin: GM, kind: visa, intensity: 0, by: NL}\n"
      "  bilateral: [{member_state: Pair, origin: GM, agreement: none}]\n");
  const auto s = io::load_scenario(base, {{"policies.incentives.GM:partnership.intensity", "0.7"},
                                          {"policies.incentives.GM:visa:NL.intensity", "-0.4"},
                                          {"policies.bilateral.Pair:GM.agreement", "binding"}}).scenario;
  REQUIRE(s.policies.incentives.size() == 2);
  CHECK(s.policies.incentives[0].intensity == 0.7);
  CHECK(s.policies.incentives[1].intensity == -0.4);
  REQUIRE(s.policies.bilateral.size() == 1);
  CHECK(s.policies.bilateral[0].agreement == scenario::BilateralAgreement::binding);
  try {
    (void)io::load_scenario(base, {{"policies.incentives.GM:visa.intensity", "0.1"}});  // that one is by NL
    FAIL("an incentive path that names no entry was accepted");
  } catch (const ScenarioError& e) {
    CHECK(e.problems().at(0).message.find("no entry with id 'GM:visa' in incentives") != std::string::npos);
  }
}

TEST_CASE("the keys of model round 2: bad values rejected with line, key path and range", "[loader]") {
  TempDir dir;
  // One bad value per new key, each in its own file: the message names the key path and the range.
  struct Case {
    std::string section, key, value, range;
  };
  const std::vector<Case> cases = {
      {"simulation", "burn_in_months", "-1", "[0, 600]"},
      {"simulation", "burn_in_months", "601", "[0, 600]"},
      {"behaviour", "removal_failure_at_liberty", "1.5", "[0, 1]"},
      {"behaviour", "removal_failure_detained", "-0.1", "[0, 1]"},
      {"behaviour", "onward_departure_rate", "51", "[0, 50]"},
      {"behaviour", "regularisation_rate", "-1", "[0, 50]"},
      {"behaviour", "remigration_window_months", "241", "[0, 240]"},
      {"behaviour", "request_retry_months", "-2", "[0, 240]"},
      {"behaviour", "casework_priority", "11", "[0, 10]"},
      {"behaviour", "asylum_decision_months", "0", "[0.01, 120]"},
      {"cooperation", "lever_effect", "10.5", "[0, 10]"},
      {"costs", "failed_removal_eur", "-5", "[0, 1e+07]"},
  };
  for (const auto& c : cases) {
    // `simulation` is in the valid file already (line 2); the other sections are added (line 12).
    const bool simulation = c.section == "simulation";
    const std::string text = simulation ? replaced(kValid, "{months: 12", "{" + c.key + ": " + c.value + ", months: 12")
                                        : kValid + c.section + ": {" + c.key + ": " + c.value + "}\n";
    const auto p = problems_of(dir.write("bad.yaml", text));
    INFO(c.section << "." << c.key << " = " << c.value);
    REQUIRE(p.size() == 1);
    CHECK(p[0].key_path == c.section + "." + c.key);
    CHECK(p[0].line == (simulation ? 2 : 12));
    CHECK(p[0].message == c.value + " is outside " + c.range);
  }
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"irregular_apprehensions", "-3"}, {"initial_absconded", "-1"}}) {
    const auto p = problems_of(dir.write("route.yaml", replaced(kValid, "recognition_rate: 0.1", key + ": " + value)));
    REQUIRE(p.size() == 1);
    CHECK(p[0].key_path == "routes[0]." + key);
    CHECK(p[0].line == 10);
  }
  const std::string visa = "policies: {visa_leverage: {";
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"window_months", "0"}, {"max_new_proposals", "-1"}, {"announcement_share", "1.2"},
           {"persistence_months", "-1"}}) {
    const auto p = problems_of(dir.write("visa.yaml", kValid + visa + key + ": " + value + "}}\n"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].key_path == "policies.visa_leverage." + key);
    CHECK(p[0].line == 12);
  }
}

TEST_CASE("schedules: months, entities and names checked, every problem located", "[loader][schedules]") {
  TempDir dir;
  auto schedule = [&](const std::string& entry) {
    return problems_of(dir.write("s.yaml", kValid + "schedules:\n  - " + entry + "\n"));
  };
  CHECK(schedule("{name: a, quantity: removal_capacity, from: \"2026-01\", factor: 0.5}").empty());
  const auto month = schedule("{name: a, quantity: removal_capacity, from: \"2026-13\", factor: 0.5}");
  REQUIRE(month.size() == 1);
  CHECK(month[0].key_path == "schedules[0].from");
  CHECK(month[0].line == 13);
  CHECK(month[0].message.find("not a month YYYY-MM") != std::string::npos);
  const auto order = schedule("{name: a, quantity: removal_capacity, from: \"2026-05\", to: \"2026-05\", factor: 0.5}");
  REQUIRE(order.size() == 1);
  CHECK(order[0].key_path == "schedules[0].to");
  CHECK(order[0].message.find("is not after") != std::string::npos);
  const auto quantity = schedule("{name: a, quantity: flights, from: \"2026-01\", factor: 0.5}");
  REQUIRE(quantity.size() == 1);
  CHECK(quantity[0].key_path == "schedules[0].quantity");
  const auto factor = schedule("{name: a, quantity: removal_capacity, from: \"2026-01\", factor: -1}");
  REQUIRE(factor.size() == 1);
  CHECK(factor[0].message == "-1 is outside [0, 100]");
  const auto origin = schedule("{name: a, quantity: removal_capacity, origin: GM, from: \"2026-01\", factor: 1}");
  REQUIRE(origin.size() == 1);
  CHECK(origin[0].message.find("takes no origin") != std::string::npos);
  const auto state = schedule("{name: a, quantity: id_capacity, member_state: NL, from: \"2026-01\", factor: 1}");
  REQUIRE(state.size() == 1);
  CHECK(state[0].key_path == "schedules[0].member_state");
  const auto unknown = schedule("{name: a, quantity: asylum_applications, origin: XX, from: \"2026-01\", factor: 1}");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].message.find("'XX' is not the id of an origin country") != std::string::npos);
  const auto twice = problems_of(dir.write(
      "twice.yaml", kValid + "schedules:\n  - {name: a, quantity: removal_capacity, from: \"2026-01\", factor: 1}\n"
                             "  - {name: a, quantity: casework_capacity, from: \"2026-01\", factor: 1}\n"));
  REQUIRE(twice.size() == 1);
  CHECK(twice[0].message.find("duplicate schedule name") != std::string::npos);
  const auto missing = schedule("{quantity: removal_capacity, factor: 1}");
  CHECK(missing.size() == 2);  // name and from
  // Overrides address an entry by name.
  const std::string ok = dir.write("ok.yaml", kValid + "schedules:\n  - {name: a, quantity: removal_capacity, from: \"2026-01\", factor: 1}\n");
  CHECK(io::load_scenario(ok, {{"schedules.a.factor", "0.25"}}).scenario.schedules[0].factor == 0.25);
  CHECK(problems_of(ok, {{"schedules.b.factor", "0.25"}}).size() == 1);
}

TEST_CASE("inputs of any size are rejected in bounded time and memory, with a location", "[loader][limits]") {
  TempDir dir;
  const auto started = std::chrono::steady_clock::now();
  // An alias bomb: 450 bytes that expand into 10^12 values.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'l'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k) bomb += std::string(k ? ", " : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  const auto alias = problems_of(dir.write("bomb.yaml", bomb));
  REQUIRE(alias.size() == 1);
  CHECK(alias[0].message.find("after expanding aliases") != std::string::npos);
  CHECK(alias[0].line > 0);
  // One long text repeated by alias: few values, but gigabytes once expanded.
  std::string repeated = "a: &a \"" + std::string(4u << 20, 'x') + "\"\nb: [";
  for (int k = 0; k < 1000; ++k) repeated += "*a, ";
  const auto text = problems_of(dir.write("repeated.yaml", repeated + "*a]\n"));
  REQUIRE(text.size() == 1);
  CHECK(text[0].message.find("more than 16 MiB of text") != std::string::npos);
  // A long flat list and a deep nest are refused before the parser builds anything.
  std::string flat = "a: [";
  for (int k = 0; k < 120000; ++k) flat += "1,";
  const auto many = problems_of(dir.write("flat.yaml", flat + "1]\n"));
  REQUIRE(many.size() == 1);
  CHECK(many[0].message.find("separators") != std::string::npos);
  const auto deep = problems_of(dir.write("deep.yaml", "a: " + std::string(100000, '[') + "\n"));
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].message.find("nested deeper than 64") != std::string::npos);
  CHECK(deep[0].line == 1);
  // Larger than 8 MiB.
  const auto big = problems_of(dir.write("big.yaml", "# " + std::string(9u << 20, 'x') + "\n"));
  REQUIRE(big.size() == 1);
  CHECK(big[0].message.find("larger than 8 MiB") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));  // generous on a loaded CI machine
}

TEST_CASE("invalid UTF-8, a second document and special files are refused with a location", "[loader][limits]") {
  TempDir dir;
  const auto utf = problems_of(dir.write("utf.yaml", replaced(kValid, "name: Morocco", "name: Moro\xff" "cco")));
  REQUIRE(utf.size() == 1);
  CHECK(utf[0].line == 8);
  CHECK(utf[0].message.find("not valid UTF-8") != std::string::npos);
  const auto overlong = problems_of(dir.write("overlong.yaml", replaced(kValid, "name: Morocco", "name: \xc0\xaf")));
  CHECK(overlong.size() == 1);
  CHECK(problems_of(dir.write("ok.yaml", replaced(kValid, "name: Morocco", "name: Maroc \xc3\xa9t\xc3\xa9"))).empty());
  const auto two = problems_of(dir.write("two.yaml", kValid + "---\nscenario: {name: u}\n"));
  REQUIRE(two.size() == 1);
  CHECK(two[0].line == 13);  // the second document's first line, after the --- of line 12
  CHECK(two[0].message.find("second YAML document") != std::string::npos);
  // yaml-cpp 0.7's LoadAll loops forever, allocating, on a stray ',' at the top level (found by
  // tools/fuzz.sh): refused at once.
  const auto comma = problems_of(dir.write("comma.yaml", ", x}\norigin_countries:\n  - {id: GM, a---b: NL`}\n"));
  REQUIRE(comma.size() == 1);
  CHECK(comma[0].message.find("no document could be read") != std::string::npos);
  const auto closed = problems_of(dir.write("closed.yaml", "---\n" + kValid + "...\n---\nscenario: {name: u}\n"));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].message.find("second YAML document") != std::string::npos);
  CHECK(problems_of(dir.write("markers.yaml", "--- # one document\n" + kValid + "...\n# the end\n")).empty());
  // extends naming a directory or a named pipe: refused at once (a pipe would block the read).
  fs::create_directories(dir.path / "folder");
  const auto folder = problems_of(dir.write("folder-child.yaml", "extends: folder\nscenario: {name: c}\n"));
  REQUIRE(folder.size() == 2);
  CHECK(folder[0].line == 1);  // the extends line
  CHECK(folder[1].message.find("not a regular file") != std::string::npos);
  REQUIRE(::mkfifo((dir.path / "pipe").c_str(), 0600) == 0);
  const auto pipe = problems_of(dir.write("pipe-child.yaml", "extends: pipe\nscenario: {name: c}\n"));
  REQUIRE(pipe.size() == 2);
  CHECK(pipe[1].message.find("not a regular file") != std::string::npos);
}

TEST_CASE("dated Art. 25a decisions: months, levels and origins checked", "[loader][history]") {
  TempDir dir;
  auto history = [&](const std::string& entries) {
    return problems_of(dir.write("history.yaml", kValid + "policies:\n  visa_history:\n" + entries));
  };
  CHECK(history("    - {origin: MA, from: \"2025-03\", decision: proposed}\n").empty());
  const auto month = history("    - {origin: MA, from: \"2025-13\", decision: adopted}\n");
  REQUIRE(month.size() == 1);
  CHECK(month[0].key_path == "policies.visa_history[0].from");
  const auto level = history("    - {origin: MA, from: \"2025-03\", decision: adopted, level: none}\n");
  REQUIRE(level.size() == 1);
  CHECK(level[0].key_path == "policies.visa_history[0].level");
  const auto origin = history("    - {origin: XX, from: \"2025-03\", decision: withdrawn}\n");
  REQUIRE(origin.size() == 1);
  CHECK(origin[0].message.find("'XX' is not the id of an origin country") != std::string::npos);
  const auto decision = history("    - {origin: MA, from: \"2025-03\", decision: vetoed}\n");
  REQUIRE(decision.size() == 1);
  CHECK(decision[0].key_path == "policies.visa_history[0].decision");
}

namespace {
bool same_tree(const io::YamlValue& a, const io::YamlValue& b) {
  if (a.kind != b.kind || a.scalar != b.scalar || a.entries.size() != b.entries.size() || a.items.size() != b.items.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    if (a.entries[i].key != b.entries[i].key || !same_tree(a.entries[i].value, b.entries[i].value)) return false;
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (!same_tree(a.items[i], b.items[i])) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("the effective YAML reads back as the tree it was written from, in yaml-cpp's layout", "[loader][emit]") {
  // Scalars that need quotes (indicators, ': ', ' #', null words, escapes, controls, a lone CR,
  // the byte order mark, a C1 control, no-break space), keys that do, and every kind of nesting.
  const std::string tricky = R"(plain: two words
colon: "a: b"
colon_end: "ends:"
hash: "a #b"
neg: -0.5
lead_q: "?x"
quote: 'it''s'
dq: "say \"hi\" \\ back"
newline: "line1\nline2"
tab: "a\tb"
cr: "a\rb"
ctrl: "a\x01b\x7f"
c1: "a\u0085b\u0090"
nbsp: "a\u00a0b"
bom: "\ufeffx"
unicode: "Côte d’Ivoire — Ελλάδα 🇬🇲"
empty: ""
tilde: "~"
null_word: "NULL"
real_null: ~
bare:
"key: colon": v
"-lead": v
"": empty key
"k #h": v
nested: {a: 1, b: {c: [1, 2, {d: e}], f: [], g: {}}}
seq_of_seqs: [[1, 2], [x, [y, z]], [], {}, ~, ""]
seq_of_maps:
  - {id: A, list: [1, 2], sub: {k: v}}
  - id: B
    empty: {}
)";
  const io::YamlValue tree = io::parse_yaml_text(tricky, "tricky.yaml");
  const std::string written = io::emit_yaml(tree);
  CHECK(same_tree(io::parse_yaml_text(written, "written.yaml"), tree));
  // The layout yaml-cpp's emitter gave (its empty collections and nested sequences included), so
  // that effective YAML written before and after stays the same text.
  CHECK(written.find("\nnested:\n  a: 1\n  b:\n    c:\n      - 1\n      - 2\n      - d: e\n    f:\n      []\n"
                     "    g:\n      {}\n") != std::string::npos);
  CHECK(written.find("\nseq_of_seqs:\n  -\n    - 1\n    - 2\n  -\n    - x\n    -\n      - y\n      - z\n  -\n"
                     "    []\n  - {}\n  - ~\n  - \"\"\n") != std::string::npos);
  CHECK(written.find("\nseq_of_maps:\n  - id: A\n    list:\n      - 1\n      - 2\n    sub:\n      k: v\n"
                     "  - id: B\n    empty:\n      {}\n") != std::string::npos);
  CHECK(written.find("\nneg: \"-0.5\"\n") != std::string::npos);
  CHECK(written.find("\nreal_null: ~\nbare: ~\n\"key: colon\": v\n-lead: v\n\"\": empty key\n") != std::string::npos);
  CHECK(written.find("\ncr: \"a\\rb\"\n") != std::string::npos);  // yaml-cpp wrote the CR raw: read back as a break
  CHECK(written.find("\nbom: \"\\ufeffx\"\n") != std::string::npos);

  // Every shipped scenario, sweep and calibration, and every test input that parses.
  std::size_t files = 0;
  for (const char* folder : {"/scenarios", "/tests/data", "/tests/fuzz/regressions"}) {
    for (const auto& entry : fs::directory_iterator(std::string(RETURNSIM_SOURCE_DIR) + folder)) {
      io::YamlValue parsed;
      try {
        parsed = io::parse_yaml_file(entry.path().string());
      } catch (const ScenarioError&) {
        continue;  // bad on purpose
      }
      INFO(entry.path().string());
      CHECK(same_tree(io::parse_yaml_text(io::emit_yaml(parsed), "written.yaml"), parsed));
      ++files;
    }
  }
  CHECK(files >= 12);
}
