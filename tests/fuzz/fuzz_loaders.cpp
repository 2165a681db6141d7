// libFuzzer target for the scenario and sweep loaders: any bytes, written as a YAML file beside
// copies of tests/data (so that `extends:` and a sweep's `base:` find real files), are either
// accepted or refused with a ScenarioError. Anything else (a crash, a sanitizer report, another
// exception, a hang past -timeout, memory past -rss_limit_mb) is a finding.
//
// Built by the `fuzz` preset (clang, -fsanitize=fuzzer,address,undefined); run by tools/fuzz.sh.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "returnsim/io/sweep_loader.hpp"
#include "returnsim/io/yaml_loader.hpp"
#include "returnsim/util/errors.hpp"

namespace fs = std::filesystem;

namespace {
fs::path input_path;

void write_input(const std::uint8_t* data, std::size_t size) {
  std::ofstream out(input_path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const fs::path dir = fs::temp_directory_path() / ("returnsim-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(fs::path(RETURNSIM_SOURCE_DIR) / "tests" / "data")) {
    fs::copy_file(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
  input_path = dir / "input.yaml";
  std::atexit([] {
    std::error_code ignored;
    fs::remove_all(input_path.parent_path(), ignored);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write_input(data, size);
  try {
    // A file that does not parse is refused here, as `returnsim check` refuses it.
    if (returnsim::io::is_sweep(returnsim::io::parse_yaml_file(input_path.string()))) {
      (void)returnsim::io::load_sweep(input_path.string());
    } else {
      (void)returnsim::io::load_scenario(input_path.string());
    }
  } catch (const returnsim::ScenarioError&) {
    // Refused with located problems: what bad input should get.
  }
  return 0;
}
