// Replays tests/fuzz/regressions/: inputs that once crashed, hung or exhausted the loaders (found
// by tools/fuzz.sh or by hand). Each is loaded as the fuzz target loads it, beside copies of
// tests/data; it must be accepted or refused with located problems, nothing else.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../support.hpp"
#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"

namespace fs = std::filesystem;
using namespace returnsim;

TEST_CASE("fuzz regressions: every past finding is accepted or refused with a location", "[loader][fuzz]") {
  const fs::path source = fs::path(RETURNSIM_SOURCE_DIR) / "tests";
  const fs::path dir = test::unique_temp_dir("returnsim-regressions-");
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(source / "data")) fs::copy_file(entry.path(), dir / entry.path().filename());
  std::size_t cases = 0, refused = 0;
  for (const auto& entry : fs::directory_iterator(source / "fuzz" / "regressions")) {
    const fs::path input = dir / "input.yaml";
    fs::copy_file(entry.path(), input, fs::copy_options::overwrite_existing);
    INFO(entry.path().filename().string());
    ++cases;
    try {
      if (io::is_sweep(io::parse_yaml_file(input.string()))) {
        (void)io::load_sweep(input.string());
      } else {
        (void)io::load_scenario(input.string());
      }
    } catch (const ScenarioError& e) {
      ++refused;
      REQUIRE_FALSE(e.problems().empty());
      CHECK(e.problems().front().file.find("input.yaml") != std::string::npos);
    }
  }
  fs::remove_all(dir);
  CHECK(cases >= 5);  // the folder is not lost
  CHECK(refused >= 5);  // alias bomb, second document, invalid UTF-8, deep nesting, the LoadAll loop at least
}
