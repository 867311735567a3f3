#include "daemon/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace driftwatch::daemon {
namespace {

std::runtime_error file_error(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw file_error("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw file_error("cannot sync", path);
}

}  // namespace

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output");
    return;
  }
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw file_error("cannot create", temporary);
    write(out);
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw file_error("cannot write", temporary);
    }
  }
  sync_file(temporary);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const auto error = file_error("cannot rename " + temporary + " to", path);
    std::remove(temporary.c_str());
    throw error;
  }
}

std::string read_input(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error("cannot read", path);
  text << in.rdbuf();
  return text.str();
}

}  // namespace driftwatch::daemon
