#include "daemon/dsn_source.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace driftwatch::daemon {
namespace {

std::string trimmed(std::string text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  const auto start = text.find_first_not_of(" \t\r\n");
  return start == std::string::npos ? std::string() : text.substr(start);
}

}  // namespace

std::string resolve_dsn(const DsnSource& source) {
  const std::array<const std::string*, 3> sources{&source.dsn, &source.env_name, &source.file};
  const auto given = std::count_if(sources.begin(), sources.end(),
                                   [](const std::string* value) { return !value->empty(); });
  if (given > 1) throw std::runtime_error("give only one of --dsn, --dsn-env and --dsn-file");
  if (!source.env_name.empty()) {
    const char* value = std::getenv(source.env_name.c_str());
    if (value == nullptr || *value == '\0') {
      throw std::runtime_error("environment variable " + source.env_name + " is not set or empty");
    }
    return value;
  }
  if (!source.file.empty()) {
    std::ifstream in(source.file);
    if (!in) throw std::runtime_error("cannot read the DSN file " + source.file);
    std::ostringstream text;
    text << in.rdbuf();
    auto dsn = trimmed(text.str());
    if (dsn.empty()) throw std::runtime_error("the DSN file " + source.file + " is empty");
    return dsn;
  }
  return source.dsn;
}

}  // namespace driftwatch::daemon
